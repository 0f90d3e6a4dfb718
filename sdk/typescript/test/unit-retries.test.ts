/** Which failures are retried, how long the client waits, and the idempotency key across attempts. */

import assert from "node:assert/strict";
import { describe, mock, test } from "node:test";

import * as Layers from "layers-sdk";

import { setup } from "./support/client.ts";
import { json } from "./support/fake-fetch.ts";
import { PROJECT, error } from "./support/samples.ts";

const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CREATE = { name: "Acme Coffee", timezone: "UTC" };

const RETRIED: [number, string | null][] = [
  [408, null],
  [500, "INTERNAL"],
  [502, null], // a proxy's HTML page, no envelope
  [503, "UNAVAILABLE"],
  [504, null],
  [429, "RATE_LIMITED"],
  [409, "IDEMPOTENCY_IN_PROGRESS"],
];
const NEVER_RETRIED: [number, string][] = [
  [400, "VALIDATION"],
  [401, "UNAUTHENTICATED"],
  [402, "BILLING_EXHAUSTED"],
  [403, "FORBIDDEN_SCOPE"],
  [404, "NOT_FOUND"],
  [405, "METHOD_NOT_ALLOWED"],
  [409, "CONFLICT"],
  [409, "IDEMPOTENCY_CONFLICT"],
  [413, "PAYLOAD_TOO_LARGE"],
  [415, "UNSUPPORTED_MEDIA_TYPE"],
  [422, "VALIDATION"],
  [422, "VALIDATION_FAILED"],
  [503, "KILL_SWITCH"],
];

function failure(status: number, code: string | null, headers?: Record<string, string>): Response {
  if (code === null) return new Response("<html>Bad Gateway</html>", { status, headers });
  return json(status, error(code), headers);
}

describe("retries", () => {
  for (const [status, code] of RETRIED) {
    test(`${status} ${code ?? "(no envelope)"} is retried`, async () => {
      const { api, client } = setup();
      api.script.push(failure(status, code));
      api.reply(201, PROJECT);

      const project = await client.projects.create(CREATE);

      assert.equal(project.id, PROJECT.id);
      assert.equal(api.requests.length, 2);
      assert.equal(client.sleeps.length, 1);
    });
  }

  for (const [status, code] of NEVER_RETRIED) {
    test(`${status} ${code} is never retried`, async () => {
      const { api, client } = setup();
      api.script.push(failure(status, code));
      api.reply(201, PROJECT);

      const raised = await client.projects.create(CREATE).catch((e: unknown) => e);

      assert.ok(raised instanceof Layers.APIStatusError);
      assert.deepEqual([raised.status, raised.code], [status, code]);
      assert.equal(api.requests.length, 1);
      assert.deepEqual(client.sleeps, []);
    });
  }

  test("connection errors are retried, then thrown as APIConnectionError with the platform's cause", async () => {
    const { api, client } = setup();
    api.fail().fail().fail();

    const raised = await client.projects.create(CREATE).catch((e: unknown) => e);

    assert.ok(raised instanceof Layers.APIConnectionError);
    assert.ok(!(raised instanceof Layers.APITimeoutError));
    assert.match(raised.message, /ECONNRESET/);
    assert.ok(raised.cause instanceof TypeError);
    assert.equal(api.requests.length, 3); // the first attempt and maxRetries = 2 retries
    assert.equal(client.sleeps.length, 2);
  });

  test("the last error answer is thrown once retries are exhausted", async () => {
    const { api, client } = setup({ maxRetries: 3 });
    api.fallback = json(503, error("UNAVAILABLE"));

    await assert.rejects(client.projects.create(CREATE), Layers.ServiceUnavailableError);
    assert.equal(api.requests.length, 4);
  });

  test("maxRetries: 0 sends once", async () => {
    const { api, client } = setup({ maxRetries: 0 });
    api.fail();

    await assert.rejects(client.whoami(), Layers.APIConnectionError);
    assert.equal(api.requests.length, 1);
  });

  test("per-call maxRetries and withOptions override the client's, which stays as it was", async () => {
    const { api, client } = setup();
    api.fallback = json(500, error("INTERNAL"));

    await assert.rejects(client.whoami({ maxRetries: 5 }), Layers.InternalServerError);
    assert.equal(api.requests.length, 6);
    await assert.rejects(
      client.withOptions({ maxRetries: 1 }).whoami(),
      Layers.InternalServerError,
    );
    assert.equal(api.requests.length, 8);
    await assert.rejects(client.whoami(), Layers.InternalServerError);
    assert.equal(api.requests.length, 11);
    assert.equal(client.maxRetries, 2);
  });

  test("backoff is capped exponential with equal jitter: half fixed, half random", async (t) => {
    const { api, client } = setup({ maxRetries: 7 });
    api.fallback = json(500, error("INTERNAL"));
    const random = t.mock.method(Math, "random", () => 0);

    await assert.rejects(client.whoami());
    assert.deepEqual(client.sleeps, [250, 500, 1000, 2000, 4000, 4000, 4000]);

    random.mock.mockImplementation(() => 0.999999);
    client.sleeps.length = 0;
    await assert.rejects(client.whoami());
    assert.deepEqual(
      client.sleeps.map((ms) => Math.round(ms)),
      [500, 1000, 2000, 4000, 8000, 8000, 8000],
    );
    mock.restoreAll();
  });

  test("jittered waits differ between clients that failed together", async () => {
    const waits = new Set<number>();
    for (let i = 0; i < 5; i++) {
      const { api, client } = setup({ maxRetries: 1 });
      api.fail().reply(200, {});
      await client.whoami();
      const [wait] = client.sleeps;
      assert.ok(wait !== undefined && wait >= 250 && wait <= 500, `wait ${wait}`);
      waits.add(wait);
    }
    assert.ok(waits.size > 1);
  });

  test("Retry-After in seconds wins over the backoff", async () => {
    const { api, client } = setup();
    api.script.push(failure(429, "RATE_LIMITED", { "Retry-After": "7" }));
    api.reply(200, {});

    await client.whoami();

    assert.deepEqual(client.sleeps, [7000]);
  });

  test("Retry-After as an HTTP date is honoured", async () => {
    const { api, client } = setup();
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    api.script.push(failure(503, "UNAVAILABLE", { "Retry-After": inTenSeconds }));
    api.reply(200, {});

    await client.whoami();

    const [wait] = client.sleeps;
    assert.ok(wait !== undefined && wait > 8_000 && wait <= 10_000, `wait ${wait}`);
  });

  test("a Retry-After beyond 60 s is not slept through: the error is thrown for the caller to plan", async () => {
    const { api, client } = setup();
    api.script.push(failure(429, "RATE_LIMITED", { "Retry-After": "3600" }));

    const raised = await client.whoami().catch((e: unknown) => e);

    assert.ok(raised instanceof Layers.RateLimitError);
    assert.equal(raised.retryAfterSeconds, 3600);
    assert.equal(api.requests.length, 1);
    assert.deepEqual(client.sleeps, []);
  });

  test("an unparseable Retry-After falls back to the backoff", async () => {
    const { api, client } = setup();
    api.script.push(failure(503, "UNAVAILABLE", { "Retry-After": "soon" }));
    api.reply(200, {});

    await client.whoami();

    const [wait] = client.sleeps;
    assert.ok(wait !== undefined && wait >= 250 && wait <= 500);
  });
});

describe("idempotency keys", () => {
  test("one key per logical call, a UUID, reused by every retry", async () => {
    const { api, client } = setup();
    api.fail();
    api.script.push(failure(503, "UNAVAILABLE"));
    api.reply(201, PROJECT);

    await client.projects.create(CREATE);

    const keys = api.requests.map((r) => r.headers.get("idempotency-key"));
    assert.equal(keys.length, 3);
    assert.match(keys[0] ?? "", UUID4);
    assert.deepEqual(new Set(keys).size, 1);
    assert.deepEqual(
      api.requests.map((r) => r.body),
      [CREATE, CREATE, CREATE],
    );
  });

  test("each call gets a key of its own", async () => {
    const { api, client } = setup();
    api.fallback = json(201, PROJECT);

    await client.projects.create(CREATE);
    await client.projects.create(CREATE);

    const [first, second] = api.requests.map((r) => r.headers.get("idempotency-key"));
    assert.notEqual(first, second);
  });

  test("the caller's own key wins, and is reused by the retries", async () => {
    const { api, client } = setup();
    api.fail().reply(201, PROJECT);

    await client.projects.create(CREATE, { idempotencyKey: "signup-42" });

    assert.deepEqual(
      api.requests.map((r) => r.headers.get("idempotency-key")),
      ["signup-42", "signup-42"],
    );
  });

  test("every mutating method sends one; reads send none", async () => {
    const { api, client } = setup();
    api.fallback = json(200, { items: [], nextCursor: null });

    await client.projects.update("prj_1", { name: "New" });
    await client.projects.archive("prj_1");
    await client.jobs.cancel("job_1");
    await client.apiKeys.kill("key_1");
    await client.projects.retrieve("prj_1");
    await client.projects.list();
    await client.whoami();

    const sent = api.requests.map((r) => [r.method, r.headers.has("idempotency-key")]);
    assert.deepEqual(sent, [
      ["PATCH", true],
      ["DELETE", true],
      ["POST", true],
      ["POST", true],
      ["GET", false],
      ["GET", false],
      ["GET", false],
    ]);
  });
});
