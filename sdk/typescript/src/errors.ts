/**
 * The errors the SDK throws, and the mapping from an error response to one of them.
 *
 * Branch on the class (or on `code`), never on the message: the server's codes are stable
 * strings, its messages are sentences for humans that may change.
 *
 * @module
 */

import type { Job } from "./types.js";

/** Base class of every error thrown by the SDK. */
export class LayersError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * No HTTP answer arrived: DNS failure, refused or dropped connection, protocol error.
 *
 * The request may or may not have reached the server. Mutating calls carry an
 * `Idempotency-Key`, so repeating them with the same key is safe. The platform's own error is
 * in `cause`.
 */
export class APIConnectionError extends LayersError {
  constructor(message = "Connection error.", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An attempt took longer than the client's `timeout` (connecting, sending and reading the answer). */
export class APITimeoutError extends APIConnectionError {
  constructor(options?: { cause?: unknown }) {
    super("Request timed out.", options);
  }
}

/**
 * The caller's `AbortSignal` fired. Never retried; `cause` is the signal's `reason`.
 */
export class APIUserAbortError extends LayersError {
  constructor(options?: { cause?: unknown }) {
    super("Request was aborted.", options);
  }
}

/** A successful response whose body is not the JSON the API documents. */
export class APIResponseValidationError extends LayersError {
  /** The HTTP status of the response. */
  readonly status: number;
  /** The response headers. */
  readonly headers: Headers;

  constructor(message: string, status: number, headers: Headers) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

/** The fields of the error envelope `{"error": {code, message, requestId, details}}`. */
export interface ErrorEnvelopeFields {
  code: string | null;
  message: string;
  requestId: string | null;
  details: Record<string, unknown>;
}

/**
 * The server answered with a 4xx or 5xx status.
 *
 * Its fields mirror the error envelope: `status`, `code` (`null` if the body was not an
 * envelope, e.g. from a proxy), `message`, `requestId` (quote it to support), `details`
 * (code-specific, `{}` when absent), and the raw `headers`.
 */
export class APIStatusError extends LayersError {
  /** The HTTP status. */
  readonly status: number;
  /** The stable error code, e.g. `"VALIDATION"`; `null` when the body was not an envelope. */
  readonly code: string | null;
  /** The request id (`req_…`) from the envelope, else from the `X-Request-Id` header. */
  readonly requestId: string | null;
  /** Code-specific details, e.g. `issues` for `VALIDATION`; `{}` when absent. */
  readonly details: Record<string, unknown>;
  /** The response headers. */
  readonly headers: Headers;

  constructor(status: number, headers: Headers, fields: ErrorEnvelopeFields) {
    super(fields.message);
    this.status = status;
    this.headers = headers;
    this.code = fields.code;
    this.requestId = fields.requestId ?? headers.get("x-request-id");
    this.details = fields.details;
  }

  /** Seconds the server asked us to wait (`Retry-After`), or `null`. */
  get retryAfterSeconds(): number | null {
    return parseRetryAfter(this.headers.get("retry-after"));
  }

  override toString(): string {
    const code = this.code ? ` ${this.code}` : "";
    const request = this.requestId ? ` (request ${this.requestId})` : "";
    return `${this.name}: ${this.status}${code}: ${this.message}${request}`;
  }
}

/** 401 `UNAUTHENTICATED`: the key is missing, malformed, unknown or rotated away. */
export class AuthenticationError extends APIStatusError {}

/** 403 `FORBIDDEN_SCOPE`: the key lacks the route's scope (`details.requiredScope`). */
export class PermissionDeniedError extends APIStatusError {}

/** 404 `NOT_FOUND`: no such route, or no such resource in your organization. */
export class NotFoundError extends APIStatusError {}

/**
 * 409 `CONFLICT`: a state conflict; `details.subcode` refines it.
 *
 * The two idempotency 409s have classes of their own, deliberately *not* subclasses of this
 * one: code catching "customerExternalId already in use" must not swallow a misused key.
 */
export class ConflictError extends APIStatusError {}

/**
 * 409 `IDEMPOTENCY_CONFLICT`: the `Idempotency-Key` was used with a different body.
 *
 * Never retried: it is a bug in the caller (a key reused for a different operation).
 */
export class IdempotencyConflictError extends APIStatusError {}

/**
 * 409 `IDEMPOTENCY_IN_PROGRESS`: a request with this key is still executing.
 *
 * Retried automatically after `Retry-After`; thrown only once retries are exhausted.
 */
export class IdempotencyInProgressError extends APIStatusError {}

/**
 * 400/422 `VALIDATION` and 422 `VALIDATION_FAILED`: the request is invalid.
 *
 * `details.issues` lists every field-level problem as `{path, message, code}`. Also exported
 * as `APIValidationError`, the Python SDK's name.
 */
export class ValidationError extends APIStatusError {}

/** 413 `PAYLOAD_TOO_LARGE`: the body exceeds the server's limit. */
export class PayloadTooLargeError extends APIStatusError {}

/** 429 `RATE_LIMITED`: budget exhausted; wait {@link APIStatusError.retryAfterSeconds}. */
export class RateLimitError extends APIStatusError {}

/**
 * 503 `KILL_SWITCH`: the key was killed or deleted, or the organization suspended.
 *
 * `details.scope` is `"key"` or `"organization"`. Not retried: it is an operator's decision,
 * not a transient fault, so waiting only delays the bad news.
 */
export class KillSwitchError extends APIStatusError {}

/** A 5xx answer (500 `INTERNAL` and unknown 5xx codes). Retried automatically. */
export class InternalServerError extends APIStatusError {}

/** 503 `UNAVAILABLE`: a dependency of the server is down. Retried automatically. */
export class ServiceUnavailableError extends InternalServerError {}

/**
 * `jobs.wait` gave up before the job reached a terminal state.
 *
 * The job keeps running on the server; `job` is the last state seen.
 */
export class JobWaitTimeoutError extends LayersError {
  /** The last state of the job that was seen. */
  readonly job: Job;

  constructor(job: Job, timeoutMs: number) {
    super(`Job ${job.jobId} still "${job.status}" after ${timeoutMs} ms.`);
    this.job = job;
  }
}

type StatusErrorClass = new (
  status: number,
  headers: Headers,
  fields: ErrorEnvelopeFields,
) => APIStatusError;

const BY_CODE: Readonly<Record<string, StatusErrorClass>> = {
  UNAUTHENTICATED: AuthenticationError,
  FORBIDDEN_SCOPE: PermissionDeniedError,
  NOT_FOUND: NotFoundError,
  CONFLICT: ConflictError,
  IDEMPOTENCY_CONFLICT: IdempotencyConflictError,
  IDEMPOTENCY_IN_PROGRESS: IdempotencyInProgressError,
  VALIDATION: ValidationError,
  VALIDATION_FAILED: ValidationError,
  PAYLOAD_TOO_LARGE: PayloadTooLargeError,
  RATE_LIMITED: RateLimitError,
  KILL_SWITCH: KillSwitchError,
  UNAVAILABLE: ServiceUnavailableError,
  INTERNAL: InternalServerError,
};

// Codes this SDK does not know yet (or bodies that are not envelopes) map by status.
const BY_STATUS: Readonly<Record<number, StatusErrorClass>> = {
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  422: ValidationError,
  429: RateLimitError,
  503: ServiceUnavailableError,
};

/**
 * The typed error for a 4xx/5xx answer, tolerating bodies that are not envelopes.
 *
 * @internal
 */
export function errorFromResponse(
  status: number,
  statusText: string,
  headers: Headers,
  text: string,
): APIStatusError {
  const envelope = parseEnvelope(text);
  const code = typeof envelope.code === "string" ? envelope.code : null;
  const message =
    typeof envelope.message === "string" && envelope.message
      ? envelope.message
      : statusText || "HTTP error";
  const details = isObject(envelope.details) ? envelope.details : {};
  const requestId = typeof envelope.requestId === "string" ? envelope.requestId : null;
  const ErrorClass =
    (code !== null ? BY_CODE[code] : undefined) ??
    BY_STATUS[status] ??
    (status >= 500 ? InternalServerError : APIStatusError);
  return new ErrorClass(status, headers, { code, message, requestId, details });
}

function parseEnvelope(text: string): Record<string, unknown> {
  try {
    const body: unknown = JSON.parse(text);
    if (isObject(body) && isObject(body.error)) return body.error;
  } catch {
    // not JSON: a proxy's HTML page, an empty body
  }
  return {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Seconds from a `Retry-After` header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
 *
 * @internal
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (trimmed === "") return null;
  const seconds = Number(trimmed);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, (date - now) / 1000);
}
