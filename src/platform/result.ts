/**
 * Expected failures are values, not exceptions: services return a Result and the caller
 * handles every error type in an exhaustive switch. `throw` is kept for bugs and outages.
 */
export type Ok<T> = { ok: true; value: T };
export type Err<E> = { ok: false; error: E };
export type Result<T, E> = Ok<T> | Err<E>;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err<E>(error: E): Err<E> {
  return { ok: false, error };
}

/** Makes a switch over a union fail to compile when a case is forgotten. */
export function exhaustiveCheck(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
