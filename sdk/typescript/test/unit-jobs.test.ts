/** jobs.wait polls with ETag / If-None-Match until the job is terminal, within a timeout and a signal. */

import assert from "node:assert/strict";
import { test } from "node:test";

import { APIUserAbortError, JobWaitTimeoutError, Layers } from "layers-sdk";

import { setup } from "./support/client.ts";
import { FakeAPI } from "./support/fake-fetch.ts";
import { API_KEY, BASE_URL, JOB, error } from "./support/samples.ts";

const RUNNING = { ...JOB, progress: 0.25 };
const COMPLETED = {
  ...JOB,
  status: "completed",
  progress: 1,
  result: { pages: 3 },
  finishedAt: "2026-04-18T19:03:00.000000+00:00",
};
const FAILED = {
  ...COMPLETED,
  status: "failed",
  result: null,
  error: { code: "SCRAPE_FAILED", message: "No listing." },
};

test("wait polls conditionally until the job is terminal", async () => {
  const { api, client } = setup();
  api.reply(200, RUNNING, { ETag: '"v1"' });
  api.reply(304, undefined, { ETag: '"v1"' });
  api.reply(200, COMPLETED, { ETag: '"v2"' });

  const job = await client.jobs.wait(JOB.jobId, { pollInterval: 500 });

  assert.equal(job.status, "completed");
  assert.deepEqual(job.result, { pages: 3 });
  const [first, second, third] = api.requests;
  assert.equal(first?.headers.get("if-none-match"), null);
  assert.equal(second?.headers.get("if-none-match"), '"v1"');
  assert.equal(third?.headers.get("if-none-match"), '"v1"');
  assert.ok(api.requests.every((r) => r.url.pathname === `/v1/jobs/${JOB.jobId}`));
  assert.deepEqual(client.sleeps, [500, 500]);
});

test("wait returns a failed job rather than throwing", async () => {
  const { api, client } = setup();
  api.reply(200, FAILED);

  const job = await client.jobs.wait("job_1");

  assert.equal(job.status, "failed");
  assert.deepEqual(job.error, { code: "SCRAPE_FAILED", message: "No listing." });
});

test("wait gives up after its timeout, with the last state seen", async () => {
  const api = new FakeAPI();
  api.fallback = new Response(JSON.stringify(RUNNING), { status: 200 });
  const client = new Layers({ apiKey: API_KEY, baseURL: BASE_URL, fetch: api.fetch });

  const raised = await client.jobs
    .wait("job_1", { timeout: 60, pollInterval: 10 })
    .catch((e: unknown) => e);

  assert.ok(raised instanceof JobWaitTimeoutError);
  assert.equal(raised.job.status, "running");
  assert.ok(api.requests.length >= 2, `polled ${api.requests.length} times`);
});

test("a zero timeout polls once and gives up without waiting", async () => {
  const { api, client } = setup();
  api.fallback = new Response(JSON.stringify(RUNNING), { status: 200 });

  await assert.rejects(client.jobs.wait("job_1", { timeout: 0 }), JobWaitTimeoutError);

  assert.equal(api.requests.length, 1);
  assert.deepEqual(client.sleeps, []);
});

test("wait stops at once when its signal fires, even between polls", async () => {
  const api = new FakeAPI();
  api.fallback = new Response(JSON.stringify(RUNNING), { status: 200 });
  const client = new Layers({ apiKey: API_KEY, baseURL: BASE_URL, fetch: api.fetch });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 30);
  const started = performance.now();

  await assert.rejects(
    client.jobs.wait("job_1", { pollInterval: 10_000, signal: controller.signal }),
    APIUserAbortError,
  );

  assert.ok(performance.now() - started < 5_000);
  assert.equal(api.requests.length, 1);
});

test("a failed poll is retried like any request", async () => {
  const { api, client } = setup();
  api.reply(503, error("UNAVAILABLE"), { "Retry-After": "2" });
  api.reply(200, COMPLETED);

  const job = await client.jobs.wait("job_1");

  assert.equal(job.status, "completed");
  assert.deepEqual(client.sleeps, [2000]);
});
