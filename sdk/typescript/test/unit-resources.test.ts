/** Every method sends the documented method, path, query and body, and returns the answer's JSON. */

import assert from "node:assert/strict";
import { test } from "node:test";

import type { Layers } from "layers-sdk";

import { setup } from "./support/client.ts";
import { API_KEY_RECORD, JOB, PROJECT } from "./support/samples.ts";

type Call = [string, (client: Layers) => Promise<unknown>, string, string, unknown];

// [name, call, method, path, body sent]
const CALLS: Call[] = [
  [
    "projects.create",
    (c) => c.projects.create({ name: "Acme", timezone: "UTC", brandVoice: "warm" }),
    "POST",
    "/v1/projects",
    { name: "Acme", timezone: "UTC", brandVoice: "warm" },
  ],
  [
    "projects.retrieve",
    (c) => c.projects.retrieve("prj_1"),
    "GET",
    "/v1/projects/prj_1",
    undefined,
  ],
  [
    "projects.update",
    (c) => c.projects.update("prj_1", { name: "New" }),
    "PATCH",
    "/v1/projects/prj_1",
    { name: "New" },
  ],
  [
    "projects.archive",
    (c) => c.projects.archive("prj_1"),
    "DELETE",
    "/v1/projects/prj_1",
    undefined,
  ],
  [
    "keywords.retrieve",
    (c) => c.keywords.retrieve("prj_1"),
    "GET",
    "/v1/projects/prj_1/keywords",
    undefined,
  ],
  [
    "keywords.refresh",
    (c) => c.keywords.refresh("prj_1"),
    "POST",
    "/v1/projects/prj_1/keywords/refresh",
    {},
  ],
  [
    "hooks.retrieve",
    (c) => c.hooks.retrieve("prj_1"),
    "GET",
    "/v1/projects/prj_1/content/hooks",
    undefined,
  ],
  [
    "ingest.website",
    (c) => c.ingest.website("prj_1", { url: "https://acme.coffee", maxPages: 3 }),
    "POST",
    "/v1/projects/prj_1/ingest/website",
    { url: "https://acme.coffee", maxPages: 3 },
  ],
  [
    "ingest.appstore",
    (c) => c.ingest.appstore("prj_1", { iosBundleId: "com.acme" }),
    "POST",
    "/v1/projects/prj_1/ingest/appstore",
    { iosBundleId: "com.acme" },
  ],
  [
    "influencers.create",
    (c) => c.influencers.create("prj_1", { gender: "female", ageRange: "adult" }),
    "POST",
    "/v1/projects/prj_1/influencers",
    { gender: "female", ageRange: "adult" },
  ],
  [
    "influencers.create (defaults)",
    (c) => c.influencers.create("prj_1"),
    "POST",
    "/v1/projects/prj_1/influencers",
    {},
  ],
  [
    "influencers.retrieve",
    (c) => c.influencers.retrieve("inf_1"),
    "GET",
    "/v1/influencers/inf_1",
    undefined,
  ],
  [
    "influencers.update",
    (c) => c.influencers.update("inf_1", { name: "Mia" }),
    "PATCH",
    "/v1/influencers/inf_1",
    { name: "Mia" },
  ],
  [
    "influencers.delete",
    (c) => c.influencers.delete("inf_1"),
    "DELETE",
    "/v1/influencers/inf_1",
    undefined,
  ],
  ["jobs.retrieve", (c) => c.jobs.retrieve("job_1"), "GET", "/v1/jobs/job_1", undefined],
  ["jobs.cancel", (c) => c.jobs.cancel("job_1"), "POST", "/v1/jobs/job_1/cancel", {}],
  ["apiKeys.kill", (c) => c.apiKeys.kill("key_1"), "POST", "/v1/api-keys/key_1/kill", {}],
  ["apiKeys.rotate", (c) => c.apiKeys.rotate("key_1"), "POST", "/v1/api-keys/key_1/rotate", {}],
  ["apiKeys.delete", (c) => c.apiKeys.delete("key_1"), "DELETE", "/v1/api-keys/key_1", undefined],
  ["whoami", (c) => c.whoami(), "GET", "/v1/whoami", undefined],
  [
    "webhooks.create",
    (c) =>
      c.webhooks.create({
        url: "https://hooks.acme.test/layers",
        events: ["job.completed"],
      }),
    "POST",
    "/v1/webhook-endpoints",
    { url: "https://hooks.acme.test/layers", events: ["job.completed"] },
  ],
  [
    "webhooks.retrieve",
    (c) => c.webhooks.retrieve("whe_1"),
    "GET",
    "/v1/webhook-endpoints/whe_1",
    undefined,
  ],
  [
    "webhooks.update",
    (c) => c.webhooks.update("whe_1", { status: "active", description: null }),
    "PATCH",
    "/v1/webhook-endpoints/whe_1",
    { status: "active", description: null },
  ],
  [
    "webhooks.delete",
    (c) => c.webhooks.delete("whe_1"),
    "DELETE",
    "/v1/webhook-endpoints/whe_1",
    undefined,
  ],
  [
    "webhooks.rotateSecret",
    (c) => c.webhooks.rotateSecret("whe_1"),
    "POST",
    "/v1/webhook-endpoints/whe_1/rotate-secret",
    {},
  ],
  [
    "webhooks.test",
    (c) => c.webhooks.test("whe_1"),
    "POST",
    "/v1/webhook-endpoints/whe_1/test",
    {},
  ],
  [
    "webhooks.retrieveDelivery",
    (c) => c.webhooks.retrieveDelivery("whd_1"),
    "GET",
    "/v1/webhook-deliveries/whd_1",
    undefined,
  ],
  [
    "webhooks.replay",
    (c) => c.webhooks.replay("whd_1"),
    "POST",
    "/v1/webhook-deliveries/whd_1/replay",
    {},
  ],
  [
    "ingest.github",
    (c) => c.ingest.github("prj_1", { repoFullName: "acme/app", openPR: false }),
    "POST",
    "/v1/projects/prj_1/ingest/github",
    { repoFullName: "acme/app", openPR: false },
  ],
  [
    "github.registerInstallation",
    (c) => c.github.registerInstallation({ installationId: 7, state: "s" }),
    "POST",
    "/v1/github/installation",
    { installationId: 7, state: "s" },
  ],
  [
    "github.installation",
    (c) => c.github.installation(),
    "GET",
    "/v1/github/installation",
    undefined,
  ],
];

for (const [name, call, method, path, body] of CALLS) {
  test(`${name} is ${method} ${path}`, async () => {
    const { api, client } = setup();
    api.reply(200, { answer: name });

    const result = await call(client);

    assert.equal(api.last.method, method);
    assert.equal(api.last.url.pathname, path);
    assert.equal(api.last.url.search, "");
    assert.deepEqual(api.last.body, body);
    assert.deepEqual(result, { answer: name });
  });
}

test("update sends null (clear the field) but leaves out undefined (keep it)", async () => {
  const { api, client } = setup();
  api.reply(200, PROJECT);

  await client.projects.update("prj_1", {
    tagline: null,
    appName: undefined,
    metadata: null,
    name: "Acme",
  });

  assert.deepEqual(api.last.body, { tagline: null, metadata: null, name: "Acme" });
});

test("ids are one path segment, whatever they contain", async () => {
  const { api, client } = setup();
  await client.projects.retrieve("../v1/whoami?x=1");
  assert.equal(api.last.url.pathname, "/v1/projects/..%2Fv1%2Fwhoami%3Fx%3D1");
});

test("an empty id is refused before anything is sent", async () => {
  const { api, client } = setup();
  await assert.rejects(client.projects.retrieve(""), TypeError);
  await assert.rejects(client.jobs.wait(""), TypeError);
  assert.throws(() => client.influencers.list(""), TypeError);
  assert.equal(api.requests.length, 0);
});

test("the key actions return the record nested under apiKey", async () => {
  const { api, client } = setup();
  api.reply(200, {
    apiKey: { ...API_KEY_RECORD, killSwitch: true, isActive: false },
    killed: true,
  });
  api.reply(200, {
    apiKey: API_KEY_RECORD,
    secret: "lp_test_NEW",
    warning: "Store this secret now.",
  });

  const killed = await client.apiKeys.kill(API_KEY_RECORD.id);
  const rotated = await client.apiKeys.rotate(API_KEY_RECORD.id);

  assert.equal(killed.apiKey.killSwitch, true);
  assert.equal(killed.killed, true);
  assert.equal(rotated.secret, "lp_test_NEW");
  assert.equal(rotated.apiKey.id, API_KEY_RECORD.id);
});

test("a job-starting call returns the 202 envelope", async () => {
  const { api, client } = setup();
  api.reply(202, { ...JOB, stage: "queued" });

  const job = await client.ingest.website(PROJECT.id, { url: "https://acme.coffee" });

  assert.equal(job.jobId, JOB.jobId);
  assert.equal(job.status, "running");
});

test("github.installUrl sends its parameters as the query", async () => {
  const { api, client } = setup();
  api.reply(200, { authUrl: "https://github.test/apps/x/installations/new?state=s" });

  await client.github.installUrl({
    returnUrl: "https://app.acme.test/back",
    state: "s".repeat(16),
  });

  assert.equal(api.last.url.pathname, "/v1/github/installation/install-url");
  assert.deepEqual(Object.fromEntries(api.last.url.searchParams), {
    returnUrl: "https://app.acme.test/back",
    state: "s".repeat(16),
  });
});
