/**
 * Verifying webhook deliveries on the receiving side.
 *
 * Every delivery is signed twice with the endpoint's signing secret (`whsec_…`), so that either
 * kind of verifier works:
 * - the Layers scheme: `X-Layers-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "{t}.{body}">`;
 * - the Standard Webhooks scheme: `webhook-id`, `webhook-timestamp` and
 *   `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`.
 *
 * The HMAC key of both is the secret's part after `whsec_`, base64-decoded. During a secret
 * rotation a delivery carries one signature per valid secret (several `v1=` entries, or several
 * space-separated `v1,` entries); any one matching is enough.
 *
 * Only Web Crypto (`crypto.subtle`) is used, so verification runs wherever the client does —
 * which is why it is asynchronous.
 *
 * @module
 */

import { LayersError } from "./errors.js";
import type { JsonObject } from "./types.js";

/** Seconds a delivery's timestamp may be away from the receiver's clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A verified webhook event, as delivered. */
export interface WebhookEvent<Data = JsonObject> {
  /** `evt_<ULID>`; the same event may arrive twice, so dedupe on it. */
  id: string;
  /** E.g. `job.completed`, `project.created`, `test.ping`. */
  type: string;
  createdAt: string;
  organizationId: string;
  projectId: string | null;
  data: Data;
  /** The event id this one replays (`POST /v1/webhook-deliveries/{id}/replay`), else `null`. */
  replayOf: string | null;
}

/** The headers of a delivery: a `Headers`, or a plain object as Node's `req.headers` is. */
export type WebhookHeaders = Headers | Record<string, string | readonly string[] | undefined>;

/** Options of {@link verifyWebhook}. */
export interface WebhookVerifyOptions {
  /** Seconds the timestamp may differ from `now`; default 300 (5 minutes). */
  toleranceSeconds?: number;
  /** The receiver's clock, in milliseconds since the epoch; default `Date.now()`. */
  now?: number;
}

/** Why a delivery was refused; `reason` says which check failed. */
export class WebhookVerificationError extends LayersError {
  /**
   * `missing_headers`, `bad_signature`, `bad_timestamp`, `too_old` (either way past the
   * tolerance) or `bad_payload` (the signed body is not a Layers event); the Python SDK's
   * `WebhookVerificationError.reason` has the same values for the same checks.
   */
  readonly reason:
    "missing_headers" | "bad_signature" | "bad_timestamp" | "too_old" | "bad_payload";

  constructor(reason: WebhookVerificationError["reason"], message: string) {
    super(message);
    this.reason = reason;
  }
}

/**
 * Checks a delivery's signature and age, and returns its parsed event.
 *
 * Pass the **raw** request body (the exact bytes or text received, not a re-serialized
 * object), its headers, and the endpoint's signing secret. The `X-Layers-Signature` header is
 * checked when present, else the Standard Webhooks headers. Throws
 * {@link WebhookVerificationError} when the signature does not match any of the secret's, or
 * the timestamp is more than `toleranceSeconds` away from `now` (a replayed old delivery).
 *
 * @example
 * ```ts
 * const event = await verifyWebhook(rawBody, req.headers, process.env.LAYERS_WEBHOOK_SECRET!);
 * if (event.type === "job.completed") { ... }
 * ```
 */
export async function verifyWebhook<Data = JsonObject>(
  body: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string,
  options: WebhookVerifyOptions = {},
): Promise<WebhookEvent<Data>> {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const key = await hmacKey(secret);
  const layersSignature = header(headers, "x-layers-signature");
  const standardSignature = header(headers, "webhook-signature");
  const id = header(headers, "webhook-id");
  const standardTimestamp = header(headers, "webhook-timestamp");
  let timestamp: string;
  let signed: boolean;
  if (layersSignature !== undefined) {
    const parts = layersSignature.split(",").map((part) => part.trim().split("="));
    timestamp = parts.find(([name]) => name === "t")?.[1] ?? "";
    const candidates = parts
      .filter(([name]) => name === "v1")
      .map(([, value]) => fromHex(value ?? ""));
    signed = await anyMatches(key, candidates, concat(`${timestamp}.`, bytes));
  } else if (
    standardSignature !== undefined &&
    id !== undefined &&
    standardTimestamp !== undefined
  ) {
    timestamp = standardTimestamp;
    const candidates = standardSignature
      .split(" ")
      .map((entry) => entry.split(","))
      .filter(([version]) => version === "v1")
      .map(([, value]) => fromBase64(value ?? ""));
    signed = await anyMatches(key, candidates, concat(`${id}.${timestamp}.`, bytes));
  } else {
    throw missing();
  }
  if (!signed) {
    throw new WebhookVerificationError(
      "bad_signature",
      "The webhook signature does not match: wrong secret, or a body changed on the way (verify the raw body).",
    );
  }
  checkAge(timestamp, options);
  return parseEvent<Data>(bytes);
}

function missing(): WebhookVerificationError {
  return new WebhookVerificationError(
    "missing_headers",
    "No webhook signature: expected X-Layers-Signature, or webhook-id, webhook-timestamp and webhook-signature.",
  );
}

function checkAge(timestamp: string, options: WebhookVerifyOptions): void {
  if (!/^\d+$/.test(timestamp)) {
    throw new WebhookVerificationError(
      "bad_timestamp",
      "The webhook timestamp is not a number of seconds.",
    );
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const skew = Math.abs((options.now ?? Date.now()) / 1000 - Number(timestamp));
  if (skew > tolerance) {
    throw new WebhookVerificationError(
      "too_old",
      `The webhook timestamp is ${Math.round(skew)} s away from now (tolerance ${tolerance} s).`,
    );
  }
}

function parseEvent<Data>(bytes: Uint8Array): WebhookEvent<Data> {
  let event: unknown;
  try {
    event = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    event = undefined;
  }
  if (!isObject(event)) {
    throw new WebhookVerificationError("bad_payload", "The webhook body is not a JSON object.");
  }
  // The envelope fields every event has (the Python SDK's `WebhookEvent` requires the same).
  const missing = ["id", "type", "createdAt", "organizationId"].filter(
    (name) => typeof event[name] !== "string",
  );
  if (!isObject(event.data)) missing.push("data");
  if (missing.length > 0 || Number.isNaN(Date.parse(event.createdAt as string))) {
    throw new WebhookVerificationError(
      "bad_payload",
      `The webhook body is not a Layers event: ${missing.length > 0 ? `no ${missing.join(", ")}` : "createdAt is not a date"}.`,
    );
  }
  return event as unknown as WebhookEvent<Data>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  const encoded = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  const raw = fromBase64(encoded);
  if (raw === null || raw.length === 0) {
    throw new TypeError("The signing secret must be the endpoint's `whsec_…` value.");
  }
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
}

// subtle.verify compares in constant time; a malformed candidate simply does not match.
async function anyMatches(
  key: CryptoKey,
  candidates: (Bytes | null)[],
  data: Bytes,
): Promise<boolean> {
  for (const candidate of candidates) {
    if (candidate !== null && (await crypto.subtle.verify("HMAC", key, candidate, data)))
      return true;
  }
  return false;
}

// Web Crypto takes bytes backed by a plain ArrayBuffer (TypeScript ≥ 5.7 tells them apart).
type Bytes = Uint8Array<ArrayBuffer>;

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") {
    return (headers as Headers).get(name) ?? undefined;
  }
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    return Array.isArray(value) ? value.join(",") : String(value);
  }
  return undefined;
}

function concat(prefix: string, body: Uint8Array): Bytes {
  const head = new TextEncoder().encode(prefix);
  const joined = new Uint8Array(head.length + body.length);
  joined.set(head);
  joined.set(body, head.length);
  return joined;
}

function fromHex(hex: string): Bytes | null {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return null;
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

function fromBase64(text: string): Bytes | null {
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}
