/** A scripted `fetch` for unit tests: answers from a script and records every request. */

export interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  /** The parsed JSON body, or `undefined` when none was sent. */
  body: unknown;
}

type Reply = Response | Error | "hang" | ((request: Recorded) => Response);

/**
 * Replies are consumed in order; once the script runs out, `fallback` answers.
 * `"hang"` never answers: the request stays pending until its signal aborts it.
 */
export class FakeAPI {
  readonly requests: Recorded[] = [];
  readonly script: Reply[] = [];
  fallback: Reply = json(200, {});

  /** Queues a JSON answer. */
  reply(status: number, body?: unknown, headers?: Record<string, string>): this {
    this.script.push(json(status, body, headers));
    return this;
  }

  /** Queues a transport failure, as fetch reports one: a TypeError with the cause inside. */
  fail(code = "ECONNRESET"): this {
    this.script.push(
      new TypeError("fetch failed", {
        cause: Object.assign(new Error(`socket ${code}`), { code }),
      }),
    );
    return this;
  }

  /** Queues a request that never gets an answer. */
  hang(): this {
    this.script.push("hang");
    return this;
  }

  /** The most recent request. */
  get last(): Recorded {
    const last = this.requests.at(-1);
    if (last === undefined) throw new Error("no request was sent");
    return last;
  }

  readonly fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const recorded: Recorded = {
      method: init.method ?? "GET",
      url: new URL(input),
      headers: new Headers(init.headers),
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    };
    this.requests.push(recorded);
    const reply = this.script.shift() ?? this.fallback;
    if (reply === "hang") return hangUntilAborted(init.signal);
    if (reply instanceof Error) throw reply;
    const response = typeof reply === "function" ? reply(recorded) : reply;
    return response.clone(); // a fallback may answer many times
  };
}

/** A JSON response (or an empty one when `body` is undefined). */
export function json(status: number, body?: unknown, headers?: Record<string, string>): Response {
  const text = body === undefined ? null : JSON.stringify(body);
  const allHeaders = new Headers(headers);
  if (text !== null) allHeaders.set("Content-Type", "application/json");
  return new Response(text, { status, headers: allHeaders });
}

function hangUntilAborted(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_, reject) => {
    signal?.addEventListener(
      "abort",
      () => reject(signal.reason ?? new DOMException("aborted", "AbortError")),
      {
        once: true,
      },
    );
  });
}
