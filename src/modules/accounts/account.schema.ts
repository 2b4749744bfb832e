/** Rows owned by the accounts module. */
export interface UsersTable {
  id: string;
  handle: string;
  password_hash: string;
  email: string | null;
  role: string;
  locale: string | null;
  created_at: string;
}

export interface SessionsTable {
  token_hash: string;
  /** Public id, to list and end a session without exposing anything usable. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  /** Last request, to the hour (never more precise, never with an address). */
  last_seen_at: string;
  /** How it was opened: password, totp, recovery or passkey. */
  method: string;
  /** When the person last proved who they are in this session (sign-in or re-authentication). */
  reauth_at: string;
}

export interface TotpFactorsTable {
  user_id: string;
  /** The base32 secret sealed with a key derived from SADA_SECRET (aad = user id). */
  sealed_secret: string;
  /** Null until the person typed a first correct code. */
  confirmed_at: string | null;
  /** The last 30-second step accepted, so a code is never accepted twice. */
  last_step: number;
  created_at: string;
}

export interface RecoveryCodesTable {
  user_id: string;
  /** HMAC-SHA-256 of the normalised code under a key derived from SADA_SECRET. */
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export interface PasskeysTable {
  /** The credential id, base64url. */
  id: string;
  user_id: string;
  /** COSE public key, base64url. */
  public_key: string;
  counter: number;
  /** JSON array of transports the authenticator reported. */
  transports: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

export interface PendingSigninsTable {
  token_hash: string;
  user_id: string;
  attempts: number;
  expires_at: string;
}

export interface WebauthnChallengesTable {
  id: string;
  user_id: string | null;
  /** register or signin */
  purpose: string;
  challenge: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  token_hash: string;
  label: string;
  created_at: string;
  revoked_at: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface AccountsTables {
  users: UsersTable;
  sessions: SessionsTable;
  totp_factors: TotpFactorsTable;
  recovery_codes: RecoveryCodesTable;
  passkeys: PasskeysTable;
  pending_signins: PendingSigninsTable;
  webauthn_challenges: WebauthnChallengesTable;
  api_tokens: ApiTokensTable;
  settings: SettingsTable;
}
