/**
 * The client's configuration, and the one place requests are sent: idempotency keys, per-attempt
 * timeouts, the caller's `AbortSignal`, retries with backoff, error mapping, JSON parsing.
 *
 * Only platform APIs are used (`fetch`, `AbortController`, `crypto.randomUUID`, `setTimeout`),
 * so the client runs unchanged on Node.js ≥ 18, Deno, Bun, browsers and edge runtimes.
 *
 * @module
 */

import {
  APIConnectionError,
  APIResponseValidationError,
  APITimeoutError,
  APIUserAbortError,
  LayersError,
  errorFromResponse,
} from "./errors.js";
import { backoffDelay, retryDelay } from "./retries.js";
import { VERSION } from "./version.js";

/** The API's root when none is configured. */
export const DEFAULT_BASE_URL = "https://api.layers.com";
/** Milliseconds one attempt may take, from sending the request to reading the whole answer. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Retries after the first attempt (so at most 3 attempts). */
export const DEFAULT_MAX_RETRIES = 2;

/** The `fetch` the client calls: the platform's, or one you pass. */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** How to build a client. Every option has a default. */
export interface ClientOptions {
  /**
   * The partner key (`lp_live_…` / `lp_test_…`). Defaults to the `LAYERS_API_KEY` environment
   * variable; a missing key throws {@link LayersError} when the client is built, not a 401 later.
   */
  apiKey?: string | undefined;
  /**
   * The API's root. Defaults to `LAYERS_BASE_URL`, else `https://api.layers.com`; point it at
   * your self-hosted server, e.g. `http://127.0.0.1:8000`.
   */
  baseURL?: string | undefined;
  /** Milliseconds per attempt (not for the whole call with its retries). Default 60 000. */
  timeout?: number | undefined;
  /** Retries after the first attempt for failures that may pass. Default 2. */
  maxRetries?: number | undefined;
  /** Extra headers sent with every request. */
  defaultHeaders?: Record<string, string> | undefined;
  /** A `fetch` of your own (a proxy agent, instrumentation, a test double). Default: the global one. */
  fetch?: Fetch | undefined;
}

/** Options of one call; they override the client's for that call only. */
export interface RequestOptions {
  /** Milliseconds per attempt. */
  timeout?: number | undefined;
  /** Retries after the first attempt. */
  maxRetries?: number | undefined;
  /** Aborts the call, including a retry's wait; throws {@link APIUserAbortError}. */
  signal?: AbortSignal | undefined;
  /** Extra headers for this call. */
  headers?: Record<string, string> | undefined;
}

/** Options of a call that changes something (POST, PATCH, DELETE). */
export interface MutationOptions extends RequestOptions {
  /**
   * The `Idempotency-Key` of this call. Default: a fresh UUID per call. Every retry of the call
   * reuses the same key either way; pass your own when the retry may come from *your* side
   * (a queue re-running a task after a crash).
   */
  idempotencyKey?: string | undefined;
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";
type Query = Record<string, string | number | boolean | undefined>;

/** @internal What `send` needs to know about one request. */
export interface RequestSpec {
  method: Method;
  path: string;
  query?: Query | undefined;
  body?: unknown;
  options?: MutationOptions | undefined;
}

/** @internal A response read to its end: status, headers and body text. */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

const MUTATING = new Set<Method>(["POST", "PATCH", "DELETE"]);
// setTimeout fires at once for delays that do not fit in 32 bits.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Configuration and request sending shared by every resource; {@link Layers} adds the surface.
 */
export class APIClient {
  /** The key in use. */
  readonly apiKey: string;
  /** The API's root, without a trailing slash. */
  readonly baseURL: string;
  /** Milliseconds per attempt. */
  readonly timeout: number;
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  protected readonly defaultHeaders: Record<string, string>;
  protected readonly fetchImpl: Fetch;

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey ?? readEnv("LAYERS_API_KEY");
    if (!apiKey) {
      throw new LayersError(
        "No API key: pass `apiKey` or set the LAYERS_API_KEY environment variable.",
      );
    }
    const fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
    if (typeof fetchImpl !== "function") {
      throw new LayersError(
        "No fetch: pass `fetch`, or run on a platform that has one (Node.js ≥ 18).",
      );
    }
    if (typeof globalThis.crypto?.randomUUID !== "function") {
      throw new LayersError(
        "No Web Crypto (globalThis.crypto): on Node.js 18 run node with --experimental-global-webcrypto.",
      );
    }
    this.apiKey = apiKey;
    this.baseURL = (options.baseURL ?? readEnv("LAYERS_BASE_URL") ?? DEFAULT_BASE_URL).replace(
      /\/+$/,
      "",
    );
    this.timeout = checkedTimeout(options.timeout ?? DEFAULT_TIMEOUT_MS);
    this.maxRetries = checkedRetries(options.maxRetries ?? DEFAULT_MAX_RETRIES);
    this.fetchImpl = fetchImpl;
    this.defaultHeaders = {
      Authorization: `Bearer ${apiKey}`,
      "User-Agent": `layers-typescript/${VERSION}`,
      Accept: "application/json",
      ...options.defaultHeaders,
    };
  }

  /**
   * A copy of this client with other options, for one call or a family of calls.
   *
   * `layers.withOptions({ maxRetries: 5, timeout: 120_000 }).projects.create(...)` changes the
   * options of that call only; `layers` itself is untouched.
   */
  withOptions(options: Pick<ClientOptions, "timeout" | "maxRetries" | "defaultHeaders">): this {
    const clone = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(clone, this, {
      timeout: checkedTimeout(options.timeout ?? this.timeout),
      maxRetries: checkedRetries(options.maxRetries ?? this.maxRetries),
      defaultHeaders: { ...this.defaultHeaders, ...options.defaultHeaders },
    });
    return clone;
  }

  /**
   * Waits `ms` milliseconds before a retry or a poll; rejects with {@link APIUserAbortError}
   * when `signal` fires. Every wait of the client goes through here, so a subclass can
   * override it to observe waits without waiting (tests) or to log them.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new APIUserAbortError({ cause: signal.reason }));
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new APIUserAbortError({ cause: signal?.reason }));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /**
   * Sends one request until it gets an answer below 400, retrying what is safe to retry.
   *
   * The very same request (same `Idempotency-Key`) is sent on every attempt, which is what lets
   * the server replay the first attempt's answer instead of acting twice.
   *
   * @internal
   */
  async send(spec: RequestSpec): Promise<RawResponse> {
    const options = spec.options ?? {};
    const headers: Record<string, string> = { ...this.defaultHeaders, ...options.headers };
    if (MUTATING.has(spec.method)) {
      // Minted once per logical call, before the first attempt, so that every retry carries
      // the same key and the server can replay instead of acting twice.
      headers["Idempotency-Key"] = options.idempotencyKey ?? globalThis.crypto.randomUUID();
    }
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers["Content-Type"] = "application/json";
    }
    const url = this.url(spec.path, spec.query);
    const init: RequestInit = {
      method: spec.method,
      headers,
      ...(body === undefined ? {} : { body }),
    };
    const timeout = checkedTimeout(options.timeout ?? this.timeout);
    const maxRetries = checkedRetries(options.maxRetries ?? this.maxRetries);

    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(url, init, timeout, options.signal);
      let delay: number | null;
      if ("failure" in outcome) {
        if (attempt >= maxRetries) throw outcome.failure;
        delay = backoffDelay(attempt);
      } else {
        const response = outcome.response;
        if (response.status < 400) return response;
        const error = errorFromResponse(
          response.status,
          outcome.statusText,
          response.headers,
          response.text,
        );
        delay = attempt < maxRetries ? retryDelay(attempt, error) : null;
        if (delay === null) throw error;
      }
      await this.sleep(delay, options.signal);
    }
  }

  /**
   * Sends `spec` and returns its JSON body as `T`.
   *
   * The body must be a JSON object (every answer of the API is); its fields are trusted to be
   * what the types say, which the test suite checks against the server's OpenAPI document.
   *
   * @internal
   */
  async request<T>(spec: RequestSpec): Promise<T> {
    return parseBody<T>(await this.send(spec));
  }

  private url(path: string, query: Query | undefined): string {
    const url = new URL(this.baseURL + path);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  /** One attempt, bounded by `timeout` from sending to the end of the body. */
  private async attempt(
    url: string,
    init: RequestInit,
    timeout: number,
    signal: AbortSignal | undefined,
  ): Promise<{ response: RawResponse; statusText: string } | { failure: APIConnectionError }> {
    if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    let timedOut = false;
    const timer =
      timeout > MAX_TIMER_MS // `Infinity` (or any longer wait) means no limit
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeout);
    try {
      const response = await this.fetchImpl(url, { ...init, signal: controller.signal });
      const text = await response.text(); // inside the timeout: a stalled body is a timeout too
      return {
        response: { status: response.status, headers: response.headers, text },
        statusText: response.statusText,
      };
    } catch (cause) {
      if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });
      if (timedOut) return { failure: new APITimeoutError({ cause }) };
      const detail = cause instanceof Error ? describe(cause) : String(cause);
      return { failure: new APIConnectionError(`Connection error: ${detail}`, { cause }) };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }
}

/** @internal The JSON object of a successful answer, or {@link APIResponseValidationError}. */
export function parseBody<T>(response: RawResponse): T {
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    body = undefined;
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new APIResponseValidationError(
      `The response is not a JSON object (status ${response.status}).`,
      response.status,
      response.headers,
    );
  }
  return body as T;
}

/** @internal An id made safe as one path segment; an empty id fails here, not as a confusing 404. */
export function segment(value: string, name: string): string {
  if (typeof value !== "string" || value === "") {
    throw new TypeError(`${name} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return encodeURIComponent(value);
}

// fetch's "fetch failed" says nothing; the platform's reason is in `cause` (Node: ECONNRESET …).
function describe(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

function checkedRetries(maxRetries: number): number {
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new RangeError(`maxRetries must be an integer ≥ 0, got ${maxRetries}`);
  }
  return maxRetries;
}

function checkedTimeout(timeout: number): number {
  if (!(timeout > 0)) throw new RangeError(`timeout must be > 0 milliseconds, got ${timeout}`);
  return timeout;
}

type Env = {
  process?: { env?: Record<string, string | undefined> };
  Deno?: { env?: { get(name: string): string | undefined } };
};

/** An environment variable on Node.js, Bun or Deno; `undefined` elsewhere (browsers, edge). */
function readEnv(name: string): string | undefined {
  const platform = globalThis as Env;
  try {
    const value = platform.process?.env?.[name] ?? platform.Deno?.env?.get(name);
    return value?.trim() || undefined;
  } catch {
    return undefined; // Deno without --allow-env
  }
}
