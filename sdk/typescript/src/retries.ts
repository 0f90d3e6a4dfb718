/**
 * The retry policy: which failures are worth another attempt, and how long to wait first.
 *
 * The same policy, with the same numbers, as the Python SDK. Retrying a mutating call is safe
 * only because every one carries an `Idempotency-Key` that stays the same across its attempts
 * (see `core.ts`).
 *
 * @module
 * @internal
 */

import type { APIStatusError } from "./errors.js";

/** Milliseconds before the first retry, before jitter. */
export const INITIAL_DELAY_MS = 500;
/** Cap of the exponential backoff, before jitter. */
export const MAX_DELAY_MS = 8_000;
/** A longer `Retry-After` is not slept through: the error is thrown for the caller to plan. */
export const MAX_RETRY_AFTER_SECONDS = 60;

/**
 * Whether an error answer may succeed if the same request is sent again.
 *
 * 408, 429 and 5xx are transient, and `IDEMPOTENCY_IN_PROGRESS` means the first attempt is
 * still running and its answer will be replayed. Every other 4xx would fail again the same way
 * (`IDEMPOTENCY_CONFLICT` and `CONFLICT` included). `KILL_SWITCH` is a 503 but an operator's
 * decision, not a fault that passes.
 */
export function isRetryable(error: APIStatusError): boolean {
  if (error.code === "KILL_SWITCH") return false;
  if (error.status === 409) return error.code === "IDEMPOTENCY_IN_PROGRESS";
  return error.status === 408 || error.status === 429 || error.status >= 500;
}

/**
 * Milliseconds to wait before retry number `attempt + 1`: capped exponential, equal jitter.
 *
 * Half the step is fixed, so a retry never fires at once; half is random, so clients that
 * failed together do not come back together.
 */
export function backoffDelay(attempt: number, jitter: () => number = Math.random): number {
  const step = Math.min(MAX_DELAY_MS, INITIAL_DELAY_MS * 2 ** attempt);
  return step / 2 + (jitter() * step) / 2;
}

/**
 * Milliseconds to wait before retrying after `error`, or `null` if it must not be retried.
 *
 * The server's `Retry-After` wins over the backoff: it knows when its budget resets or its
 * dependency returns.
 */
export function retryDelay(attempt: number, error: APIStatusError): number | null {
  if (!isRetryable(error)) return null;
  const retryAfter = error.retryAfterSeconds;
  if (retryAfter === null) return backoffDelay(attempt);
  return retryAfter <= MAX_RETRY_AFTER_SECONDS ? retryAfter * 1000 : null;
}
