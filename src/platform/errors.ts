/**
 * The catalogue of stable error codes used by the JSON API and error pages.
 * Codes never change once published; messages are translation keys.
 */
export const ERRORS = {
  ERR_VALIDATION: { status: 422, key: "error.validation" },
  ERR_MALFORMED_JSON: { status: 400, key: "error.malformed_json" },
  ERR_BODY_TOO_LARGE: { status: 413, key: "error.body_too_large" },
  ERR_UNAUTHENTICATED: { status: 401, key: "error.unauthenticated" },
  ERR_FORBIDDEN: { status: 403, key: "error.forbidden" },
  ERR_CSRF: { status: 403, key: "error.csrf" },
  ERR_NOT_FOUND: { status: 404, key: "error.not_found" },
  ERR_GROUP_NOT_FOUND: { status: 404, key: "error.group_not_found" },
  ERR_STATEMENT_NOT_FOUND: { status: 404, key: "error.statement_not_found" },
  ERR_USER_NOT_FOUND: { status: 404, key: "error.user_not_found" },
  ERR_SLUG_TAKEN: { status: 409, key: "error.slug_taken" },
  ERR_HANDLE_TAKEN: { status: 409, key: "error.handle_taken" },
  ERR_ALREADY_VOUCHED: { status: 409, key: "error.already_vouched" },
  ERR_ALREADY_MEMBER: { status: 409, key: "error.already_member" },
  ERR_EDIT_CONFLICT: { status: 409, key: "error.edit_conflict" },
  ERR_STATUS_TRANSITION: { status: 409, key: "error.status_transition" },
  ERR_STATEMENT_RETRACTED: { status: 409, key: "error.statement_retracted" },
  ERR_GROUP_NOT_PUBLISHING: { status: 409, key: "error.group_not_publishing" },
  ERR_PRECONDITION_REQUIRED: { status: 428, key: "error.precondition_required" },
  ERR_PRECONDITION_FAILED: { status: 412, key: "error.precondition_failed" },
  ERR_RATE_LIMITED: { status: 429, key: "error.rate_limited" },
  ERR_CLAIMED: { status: 409, key: "error.claimed" },
  ERR_QA_BLOCKING: { status: 422, key: "error.qa_blocking" },
  ERR_MACHINE_UNCONFIRMED: { status: 422, key: "error.machine_unconfirmed" },
  ERR_NOT_TRANSLATED: { status: 409, key: "error.not_translated" },
  ERR_SIGNATURE_REQUIRED: { status: 422, key: "error.signature_required" },
  ERR_SIGNATURE_INVALID: { status: 422, key: "error.signature_invalid" },
  ERR_KEY_INVALID: { status: 422, key: "error.key_invalid" },
  ERR_INTERNAL: { status: 500, key: "error.internal" },
} as const;

export type ErrorCode = keyof typeof ERRORS;
