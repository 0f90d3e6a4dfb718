/** Configuration, the headers every request carries, timeouts and abort signals. */

import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";

import * as Layers from "layers-sdk";

import { setup } from "./support/client.ts";
import { FakeAPI } from "./support/fake-fetch.ts";
import { API_KEY, BASE_URL, PROJECT } from "./support/samples.ts";

describe("configuration", () => {
  const saved = { key: process.env.LAYERS_API_KEY, url: process.env.LAYERS_BASE_URL };
  beforeEach(() => {
    delete process.env.LAYERS_API_KEY;
    delete process.env.LAYERS_BASE_URL;
  });
  afterEach(() => {
    for (const [name, value] of [
      ["LAYERS_API_KEY", saved.key],
      ["LAYERS_BASE_URL", saved.url],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test("a missing key throws when the client is built, not a 401 later", () => {
    assert.throws(
      () => new Layers.Layers(),
      (e: unknown) => e instanceof Layers.LayersError && /LAYERS_API_KEY/.test(e.message),
    );
  });

  test("the key and base URL come from the environment when not given", async () => {
    process.env.LAYERS_API_KEY = API_KEY;
    process.env.LAYERS_BASE_URL = "http://127.0.0.1:8000/";
    const api = new FakeAPI();
    const client = new Layers.Layers({ fetch: api.fetch });

    await client.whoami();

    assert.equal(api.last.url.toString(), "http://127.0.0.1:8000/v1/whoami");
    assert.equal(api.last.headers.get("authorization"), `Bearer ${API_KEY}`);
  });

  test("the default base URL is the hosted API", () => {
    const client = new Layers.Layers({ apiKey: API_KEY });
    assert.equal(client.baseURL, Layers.DEFAULT_BASE_URL);
    assert.equal(client.timeout, 60_000);
    assert.equal(client.maxRetries, 2);
  });

  test("bad options are refused at once", () => {
    assert.throws(() => new Layers.Layers({ apiKey: API_KEY, maxRetries: -1 }), RangeError);
    assert.throws(() => new Layers.Layers({ apiKey: API_KEY, timeout: 0 }), RangeError);
  });
});

describe("requests", () => {
  test("carry the key, a User-Agent with the version, Accept, and JSON bodies", async () => {
    const { api, client } = setup({ defaultHeaders: { "X-Team": "growth" } });
    api.reply(201, PROJECT);

    await client.projects.create(
      { name: "Acme Coffee", timezone: "UTC" },
      { headers: { "X-Trace": "t1" } },
    );

    const { headers } = api.last;
    assert.equal(headers.get("authorization"), `Bearer ${API_KEY}`);
    assert.equal(headers.get("user-agent"), `layers-typescript/${Layers.VERSION}`);
    assert.equal(headers.get("accept"), "application/json");
    assert.equal(headers.get("content-type"), "application/json");
    assert.equal(headers.get("x-team"), "growth");
    assert.equal(headers.get("x-trace"), "t1");
  });

  test("a GET has no body and no Content-Type", async () => {
    const { api, client } = setup();
    await client.whoami();
    assert.equal(api.last.body, undefined);
    assert.equal(api.last.headers.get("content-type"), null);
  });

  test("withOptions changes a copy; the original keeps its options", async () => {
    const { api, client } = setup();
    const patient = client.withOptions({ timeout: 120_000, defaultHeaders: { "X-Copy": "yes" } });

    await patient.whoami();
    assert.equal(api.last.headers.get("x-copy"), "yes");
    await client.whoami();
    assert.equal(api.last.headers.get("x-copy"), null);
    assert.equal(patient.timeout, 120_000);
    assert.equal(client.timeout, 60_000);
    assert.ok(patient instanceof Layers.Layers);
  });
});

describe("timeouts", () => {
  test("an attempt that takes longer than the timeout is retried, then thrown as APITimeoutError", async () => {
    const { api, client } = setup({ timeout: 20 });
    api.hang().hang().hang();

    const raised = await client.projects
      .create({ name: "Acme", timezone: "UTC" })
      .catch((e: unknown) => e);

    assert.ok(raised instanceof Layers.APITimeoutError);
    assert.ok(raised instanceof Layers.APIConnectionError);
    assert.equal(api.requests.length, 3);
    const keys = new Set(api.requests.map((r) => r.headers.get("idempotency-key")));
    assert.equal(keys.size, 1); // the same key: a timed-out create that did land is replayed
  });

  test("a timed-out attempt followed by an answer succeeds", async () => {
    const { api, client } = setup({ timeout: 20 });
    api.hang().reply(200, PROJECT);

    const project = await client.projects.retrieve(PROJECT.id);

    assert.equal(project.id, PROJECT.id);
    assert.equal(client.sleeps.length, 1);
  });

  test("a per-call timeout overrides the client's", async () => {
    const { api, client } = setup({ timeout: 60_000, maxRetries: 0 });
    api.hang();
    const started = performance.now();

    await assert.rejects(client.whoami({ timeout: 30 }), Layers.APITimeoutError);

    assert.ok(performance.now() - started < 5_000);
  });

  test("a body that stalls after the headers counts against the timeout", async () => {
    const api = new FakeAPI();
    api.script.push(new Response(new ReadableStream({ start() {} }), { status: 200 })); // never ends
    const client = new Layers.Layers({
      apiKey: API_KEY,
      baseURL: BASE_URL,
      fetch: stallingFetch(api),
      timeout: 30,
      maxRetries: 0,
    });

    await assert.rejects(client.whoami(), Layers.APITimeoutError);
  });
});

describe("abort signals", () => {
  test("a signal aborted before the call sends nothing", async () => {
    const { api, client } = setup();
    const controller = new AbortController();
    controller.abort(new Error("user left"));

    const raised = await client.whoami({ signal: controller.signal }).catch((e: unknown) => e);

    assert.ok(raised instanceof Layers.APIUserAbortError);
    assert.equal((raised.cause as Error).message, "user left");
    assert.equal(api.requests.length, 0);
  });

  test("aborting a request in flight throws APIUserAbortError and is never retried", async () => {
    const { api, client } = setup();
    api.hang();
    const controller = new AbortController();

    const call = client.projects.create(
      { name: "Acme", timezone: "UTC" },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 10);

    await assert.rejects(call, Layers.APIUserAbortError);
    assert.equal(api.requests.length, 1);
    assert.deepEqual(client.sleeps, []);
  });

  test("aborting during a retry's wait stops the call there", async () => {
    const api = new FakeAPI();
    api.fail().reply(200, {});
    const client = new Layers.Layers({ apiKey: API_KEY, baseURL: BASE_URL, fetch: api.fetch });
    const controller = new AbortController();

    const call = client.whoami({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50); // the first backoff is at least 250 ms

    await assert.rejects(call, Layers.APIUserAbortError);
    assert.equal(api.requests.length, 1);
  });
});

/** Passes the scripted response through, but the body of a stream never arrives. */
function stallingFetch(api: FakeAPI): Layers.Fetch {
  return async (input, init) => {
    const response = await api.fetch(input, init);
    const body = new ReadableStream({
      start(controller) {
        init.signal?.addEventListener("abort", () => controller.error(init.signal?.reason));
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
}
