// The same-origin rule for received activities (FEP-fe34): the key that signed the request, and
// any signature or proof inside the activity, must come from the server of the activity's actor.
// A server can only speak for its own accounts.

function originOf(value: unknown): string | null {
  if (typeof value !== "string") {
    return null;
  }
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

function idOf(value: unknown): unknown {
  return typeof value === "object" && value !== null && "id" in value ? (value as { id: unknown }).id : value;
}

/** The keyId of a draft-cavage `Signature` header (or `Authorization: Signature …`). */
export function signatureKeyId(header: string): string | null {
  return /keyId="([^"]+)"/.exec(header)?.[1] ?? null;
}

/** Why an inbox request breaks the same-origin rule, or null when it does not (unsigned requests are left to Fedify, which refuses them). */
export function originProblem(signatureHeader: string, body: string): string | null {
  let activity: Record<string, unknown>;
  try {
    activity = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return "the body is not JSON";
  }
  if (typeof activity !== "object" || activity === null || Array.isArray(activity)) {
    return "the body is not an activity";
  }
  const actor = originOf(idOf(activity.actor));
  if (!actor) {
    return "the activity names no actor";
  }
  const keyId = signatureKeyId(signatureHeader);
  if (keyId !== null && originOf(keyId) !== actor) {
    return "the request is signed with a key of another server than the actor's";
  }
  const ld = activity.signature as { creator?: unknown } | undefined;
  if (ld && originOf(ld.creator) !== actor) {
    return "the activity's signature was made on another server than the actor's";
  }
  for (const proof of [activity.proof].flat()) {
    if (proof && originOf((proof as { verificationMethod?: unknown }).verificationMethod) !== actor) {
      return "the activity's proof was made on another server than the actor's";
    }
  }
  return null;
}
