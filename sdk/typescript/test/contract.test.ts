/**
 * The SDK against the real Python server (`layers-server serve`, fresh SQLite database): the
 * seed page's TypeScript snippet verbatim, typed errors, PATCH semantics, pagination, jobs, a
 * connection lost after the server committed, and the key actions.
 */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";

import * as sdk from "layers-sdk";
import { Layers, verifyWebhook } from "layers-sdk";

import { GENERATED, generateTypes } from "../scripts/generate-types.ts";
import {
  startDroppingProxy,
  startReceiver,
  startServer,
  startSite,
  waitFor,
} from "./support/server.ts";
import type { LiveServer } from "./support/server.ts";

let server: LiveServer;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

/**
 * Whether the server serves `path` (its OpenAPI document lists it). The webhook and GitHub
 * routes are being added on other branches; their tests run from the moment the server has them.
 */
async function serves(path: string): Promise<boolean> {
  const document = (await (await fetch(`${server.baseURL}/openapi.json`)).json()) as {
    paths: Record<string, unknown>;
  };
  return path in document.paths;
}

function client(options: sdk.ClientOptions = {}): Layers {
  return new Layers({ apiKey: server.key, baseURL: server.baseURL, ...options });
}

const DESCRIPTION =
  "Daily ritual coffee subscriptions for runners and night-shift workers: single-origin beans from " +
  "named farms, roasted weekly and shipped on your cadence.";

test("the seed page's TypeScript snippet runs verbatim", async () => {
  const layers = new Layers({ apiKey: server.key, baseURL: server.baseURL });
  // ---- the seed page's TypeScript example, pasted as written ----
  // prettier-ignore
  const project = await layers.projects.create(
  {
    name: "Acme Coffee",
    customerExternalId: "acme-coffee",
    timezone: "America/Los_Angeles",
    primaryLanguage: "en",
    ownerEmail: "growth@gicgrowth.com",
    appName: "Acme Coffee",
    appDescription:
      "Daily ritual coffee subscriptions for runners and night-shift workers. Single-origin beans from named farms, roasted weekly, and shipped on a cadence that matches how you actually drink coffee — so the bag never goes stale and you never run out before a hard workout.",
    tagline: "Coffee that shows up before you run out.",
    brandVoice: "warm",
    targetGender: "all",
  },
  { idempotencyKey: crypto.randomUUID() }
);
  // ----------------------------------------------------------------
  assert.match(project.id, /^prj_[0-9a-f-]{36}$/);
  assert.equal(project.organizationId, server.organizationId);
  assert.equal(project.name, "Acme Coffee");
  assert.equal(project.status, "active");
  assert.equal(project.customerExternalId, "acme-coffee");
  assert.equal(project.brandVoice, "warm");
  assert.deepEqual(project.ingestState, { github: null, website: null, appstore: null });
  assert.match(project.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
  const found = await layers.projects.list({ customerExternalId: "acme-coffee" });
  assert.deepEqual(
    found.items.map((p) => p.id),
    [project.id],
  );
});

describe("errors are typed, with code, message, request id and details", () => {
  test("a taken customerExternalId is a ConflictError naming the existing project", async () => {
    const layers = client();
    const first = await layers.projects.create({
      name: "Taken",
      timezone: "UTC",
      customerExternalId: "taken",
    });

    const raised = await layers.projects
      .create({ name: "Again", timezone: "UTC", customerExternalId: "taken" })
      .catch((e: unknown) => e);

    assert.ok(raised instanceof sdk.ConflictError);
    assert.equal(raised.status, 409);
    assert.equal(raised.code, "CONFLICT");
    assert.match(raised.requestId ?? "", /^req_/);
    assert.equal(raised.details.existingProjectId, first.id);
  });

  test("every invalid field at once is a ValidationError with its issues", async () => {
    const raised = await client()
      .projects.create({ name: "ab", timezone: "Nowhere/Land" })
      .catch((e: unknown) => e);

    assert.ok(raised instanceof sdk.ValidationError);
    assert.equal(raised.status, 422);
    const issues = raised.details.issues as { path: string }[];
    assert.deepEqual(new Set(issues.map((issue) => issue.path)), new Set(["name", "timezone"]));
  });

  test("an unknown project is a NotFoundError; a wrong secret an AuthenticationError", async () => {
    await assert.rejects(
      client().projects.retrieve(`prj_${crypto.randomUUID()}`),
      sdk.NotFoundError,
    );
    const wrong = client({ apiKey: server.key.slice(0, -4) + "AAAA" });
    await assert.rejects(wrong.whoami(), sdk.AuthenticationError);
  });

  test("a key without the scope gets a PermissionDeniedError naming it", async () => {
    const readOnly = client({ apiKey: server.readOnlyKey });
    const raised = await readOnly.projects
      .create({ name: "Nope", timezone: "UTC" })
      .catch((e: unknown) => e);

    assert.ok(raised instanceof sdk.PermissionDeniedError);
    assert.equal(raised.details.requiredScope, "projects:write");
  });

  test("a key reused with another body is an IdempotencyConflictError, not retried", async () => {
    const layers = client();
    const key = crypto.randomUUID();
    await layers.projects.create({ name: "First body", timezone: "UTC" }, { idempotencyKey: key });

    await assert.rejects(
      layers.projects.create({ name: "Other body", timezone: "UTC" }, { idempotencyKey: key }),
      sdk.IdempotencyConflictError,
    );
  });
});

test("PATCH sends null to clear a field and leaves out what is undefined", async () => {
  const layers = client();
  const project = await layers.projects.create({
    name: "Patchable",
    timezone: "UTC",
    tagline: "Keep me",
    appName: "Keep App",
  });

  const updated = await layers.projects.update(project.id, { tagline: null, appName: undefined });

  assert.equal(updated.tagline, null);
  assert.equal(updated.appName, "Keep App");
});

test("lists follow nextCursor to the end, newest first, and a page can be awaited alone", async () => {
  const layers = client();
  const prefix = `Paged ${crypto.randomUUID().slice(0, 6)}`;
  for (let i = 0; i < 7; i++)
    await layers.projects.create({ name: `${prefix} ${i}`, timezone: "UTC" });

  const names: string[] = [];
  for await (const project of layers.projects.list({ search: prefix, limit: 3 }))
    names.push(project.name);
  const firstPage = await layers.projects.list({ search: prefix, limit: 3 });
  const rest = await layers.projects.list({
    search: prefix,
    limit: 10,
    cursor: firstPage.nextCursor ?? "",
  });

  assert.deepEqual(
    names,
    [6, 5, 4, 3, 2, 1, 0].map((i) => `${prefix} ${i}`),
  );
  assert.equal(firstPage.items.length, 3);
  assert.deepEqual(
    rest.items.map((p) => p.name),
    names.slice(3),
  );
  assert.equal(rest.nextCursor, null);
});

describe("a connection lost after the server committed", () => {
  test("the SDK's retry replays the create: exactly one project exists", async () => {
    const proxy = await startDroppingProxy(
      server.baseURL,
      (request, seen) => request.method === "POST" && seen.length === 0,
    );
    try {
      const layers = client({ baseURL: proxy.baseURL });
      const name = `Once ${crypto.randomUUID().slice(0, 8)}`;

      const project = await layers.projects.create({ name, timezone: "UTC" });

      const [lost, retry] = proxy.exchanges;
      assert.equal(proxy.exchanges.length, 2);
      assert.ok(lost?.dropped && lost.status === 201); // the server created it; the SDK never saw it
      assert.ok(retry && !retry.dropped && retry.replayed);
      assert.equal(retry.idempotencyKey, lost.idempotencyKey);
      assert.equal(JSON.parse(lost.body).id, project.id);
      const page = await client().projects.list({ search: name });
      assert.deepEqual(
        page.items.map((p) => p.id),
        [project.id],
      );
    } finally {
      await proxy.close();
    }
  });

  test("the same loss without an idempotency key would have created two (the control)", async () => {
    const proxy = await startDroppingProxy(
      server.baseURL,
      (request, seen) => request.method === "POST" && seen.length === 0,
    );
    try {
      const name = `Twice ${crypto.randomUUID().slice(0, 8)}`;
      const post = () =>
        fetch(`${proxy.baseURL}/v1/projects`, {
          method: "POST",
          headers: { Authorization: `Bearer ${server.key}`, "Content-Type": "application/json" },
          body: JSON.stringify({ name, timezone: "UTC" }),
        });
      await assert.rejects(post(), TypeError); // fetch failed: the connection was closed
      assert.equal((await post()).status, 201);

      const page = await client().projects.list({ search: name });
      assert.equal(page.items.length, 2);
    } finally {
      await proxy.close();
    }
  });
});

describe("jobs", () => {
  test("a website ingestion is followed to completion with jobs.wait", async () => {
    const site = await startSite({
      "/": `<!doctype html><html lang="en"><head><title>Brewline — Coffee subscriptions for runners</title>
        <meta name="description" content="${DESCRIPTION}"></head>
        <body><h1>Coffee that shows up before you run out</h1><p>${DESCRIPTION}</p></body></html>`,
    });
    try {
      const layers = client();
      const project = await layers.projects.create({ name: "Ingested", timezone: "UTC" });

      const started = await layers.ingest.website(project.id, { url: `${site.baseURL}/` });
      assert.equal(started.status, "running");
      assert.equal(started.kind, "project_ingest_website");
      const job = await layers.jobs.wait(started.jobId, { timeout: 30_000, pollInterval: 200 });

      assert.equal(job.status, "completed", JSON.stringify(job.error));
      assert.ok(job.finishedAt !== null);
      const detail = await layers.projects.retrieve(project.id);
      assert.equal(detail.ingestState.website?.jobId, started.jobId);
      assert.equal(detail.brandContext?.sources.website?.jobId, started.jobId);
      assert.equal(detail.brandContext?.appName, "Brewline");
      assert.equal(detail.brandContext?.appDescription, DESCRIPTION);
      assert.equal(detail.appDescription, DESCRIPTION); // ingestion filled the empty field
    } finally {
      await site.close();
    }
  });

  test("a finished job cannot be canceled any more", async () => {
    const layers = client();
    const project = await layers.projects.create({
      name: "Researched",
      timezone: "UTC",
      appDescription: DESCRIPTION,
    });
    const refresh = await layers.keywords.refresh(project.id);
    await layers.jobs.wait(refresh.jobId, { timeout: 30_000, pollInterval: 200 });

    const canceled = await layers.jobs.cancel(refresh.jobId);

    assert.deepEqual(canceled, {
      jobId: refresh.jobId,
      accepted: false,
      reason: "ALREADY_COMPLETED",
    });
    const bank = await layers.keywords.retrieve(project.id);
    assert.ok(bank.hashtags.length > 0 && bank.refreshedAt !== null);
  });

  test("waiting on a job can be aborted", async () => {
    const layers = client();
    const project = await layers.projects.create({
      name: "Abortable",
      timezone: "UTC",
      appDescription: DESCRIPTION,
    });
    const refresh = await layers.keywords.refresh(project.id);

    await assert.rejects(
      layers.jobs.wait(refresh.jobId, { signal: AbortSignal.abort(), pollInterval: 200 }),
      sdk.APIUserAbortError,
    );
  });
});

test("hooks, influencers and whoami answer in the documented shapes", async () => {
  const layers = client();
  const project = await layers.projects.create({
    name: "Content",
    timezone: "UTC",
    appName: "Brewline",
    appDescription: DESCRIPTION,
  });

  const bank = await layers.hooks.retrieve(project.id);
  assert.ok(bank.hooks.length >= 20 && bank.hooks.length <= 30);
  assert.equal(bank.appName, "Brewline");

  const started = await layers.influencers.create(project.id, {
    gender: "female",
    ageRange: "adult",
  });
  const renamed = await layers.influencers.update(started.influencerId, { name: "Mia Brew" });
  assert.equal(renamed.name, "Mia Brew");
  const ids: string[] = [];
  for await (const influencer of layers.influencers.list(project.id))
    ids.push(influencer.influencerId);
  assert.ok(ids.includes(started.influencerId));
  const deleted = await layers.influencers.delete(started.influencerId);
  assert.equal(deleted.status, "deleted");

  const me = await layers.whoami();
  assert.equal(me.organizationId, server.organizationId);
  assert.deepEqual(me.scopes, ["*"]);
});

test("a project is archived and restored", async () => {
  const layers = client();
  const project = await layers.projects.create({ name: "Archivable", timezone: "UTC" });

  const archived = await layers.projects.archive(project.id);
  assert.equal(archived.status, "archived");
  const restored = await layers.projects.update(project.id, { status: "active" });
  assert.equal(restored.status, "active");
});

test("the committed generated types are what the server serves (npm run generate)", async () => {
  const served = (await (await fetch(`${server.baseURL}/openapi.json`)).json()) as object;

  const regenerated = await generateTypes(served);

  assert.equal(
    readFileSync(GENERATED, "utf8"),
    regenerated,
    "the server's OpenAPI changed: run `npm run generate`, then fix the types it flags",
  );
});

test("a key is killed, rotated back to life, and deleted for good", async () => {
  const spare = await server.mintKey("spare");
  const layers = client();
  const asSpare = client({ apiKey: spare.key, maxRetries: 0 });
  assert.equal((await asSpare.whoami()).apiKeyId, spare.id);

  const killed = await layers.apiKeys.kill(spare.id);
  assert.equal(killed.killed, true);
  assert.equal(killed.apiKey.id, spare.id);
  assert.equal(killed.apiKey.killSwitch, true);
  const refused = await asSpare.whoami().catch((e: unknown) => e);
  assert.ok(refused instanceof sdk.KillSwitchError);
  assert.equal(refused.details.scope, "key");

  const rotated = await layers.apiKeys.rotate(spare.id);
  assert.equal(rotated.apiKey.isActive, true);
  assert.notEqual(rotated.secret, spare.key);
  assert.equal((await client({ apiKey: rotated.secret }).whoami()).apiKeyId, spare.id);
  await assert.rejects(asSpare.whoami(), sdk.AuthenticationError); // the old secret is gone

  const deleted = await layers.apiKeys.delete(spare.id);
  assert.equal(deleted.deleted, true);
  assert.equal(deleted.apiKey.isActive, false);
  const again = await layers.apiKeys.rotate(spare.id).catch((e: unknown) => e);
  assert.ok(again instanceof sdk.ConflictError);
  assert.equal(again.details.subcode, "KEY_DELETED");
});

describe("webhooks", () => {
  test("an endpoint receives a signed test.ping that verifyWebhook accepts, before and after a rotation", async (t) => {
    if (!(await serves("/v1/webhook-endpoints")))
      return t.skip("this server has no webhook routes yet");
    const received = await startReceiver();
    const layers = client();
    try {
      const created = await layers.webhooks.create({
        url: `${received.baseURL}/layers`,
        events: ["job.completed", "project.created"],
        description: "contract tests",
      });
      assert.match(created.signingSecret, /^whsec_/);
      assert.equal(created.endpoint.status, "active");
      const endpointId = created.endpoint.endpointId;

      const sent = await layers.webhooks.test(endpointId);
      const ping = await received.next();
      const event = await verifyWebhook(ping.body, ping.headers, created.signingSecret);
      assert.equal(event.type, "test.ping");
      assert.equal(event.id, sent.eventId);
      assert.equal(ping.headers["x-layers-delivery-id"], sent.deliveryId);
      await assert.rejects(
        verifyWebhook(
          ping.body.replace("test.ping", "test.pong"),
          ping.headers,
          created.signingSecret,
        ),
        sdk.WebhookVerificationError,
      );

      const rotated = await layers.webhooks.rotateSecret(endpointId);
      await layers.webhooks.test(endpointId);
      const during = await received.next();
      for (const secret of [rotated.signingSecret, created.signingSecret]) {
        assert.equal((await verifyWebhook(during.body, during.headers, secret)).type, "test.ping");
        // …by either scheme: the Standard Webhooks headers alone verify too
        const { "x-layers-signature": _layers, ...standard } = during.headers;
        assert.equal((await verifyWebhook(during.body, standard, secret)).type, "test.ping");
      }

      const delivery = await waitFor(
        () => layers.webhooks.retrieveDelivery(sent.deliveryId),
        (d) => d.status === "succeeded",
      );
      assert.equal(delivery.attempts[0]?.responseStatus, 204);
      const deliveries: string[] = [];
      for await (const d of layers.webhooks.listDeliveries(endpointId, { limit: 1 }))
        deliveries.push(d.deliveryId);
      assert.ok(deliveries.includes(sent.deliveryId) && deliveries.length === 2);

      const replay = await layers.webhooks.replay(sent.deliveryId);
      const again = await received.next();
      const replayed = await verifyWebhook(again.body, again.headers, rotated.signingSecret);
      assert.equal(replayed.replayOf, sent.eventId);
      assert.notEqual(replay.replayDeliveryId, sent.deliveryId);

      const paused = await layers.webhooks.update(endpointId, {
        status: "disabled",
        description: null,
      });
      assert.equal(paused.status, "disabled");
      assert.equal(paused.description, null);
      assert.deepEqual(await layers.webhooks.delete(endpointId), {
        endpointId,
        deleted: true,
      });
      await assert.rejects(layers.webhooks.retrieve(endpointId), sdk.NotFoundError);
    } finally {
      await received.close();
    }
  });
});

test("GitHub: install URL, sandbox installation, and a repository ingested with its pull request", async (t) => {
  if (!(await serves("/v1/github/installation")))
    return t.skip("this server has no GitHub routes yet");
  const key = await server.mintKey("github", "github:admin,projects:write,ingest:write,jobs:read", [
    "--env",
    "test",
    "--allowed-return-domains",
    "app.acme.test",
  ]);
  const layers = client({ apiKey: key.key });

  const install = await layers.github.installUrl({
    returnUrl: "https://app.acme.test/github/back",
  });
  assert.match(install.authUrl, /\/apps\/layers-contract-tests\/installations\/new\?state=/);
  assert.equal(install.installUrl, install.authUrl);
  const registered = await layers.github.registerInstallation({
    installationId: 1234,
    state: install.state,
  });
  assert.equal(registered.installationId, 1234);
  assert.equal(registered.status, "active");
  assert.deepEqual(await layers.github.installation(), registered);

  const project = await layers.projects.create({ name: "From GitHub", timezone: "UTC" });
  const started = await layers.ingest.github(project.id, { repoFullName: "acme/coffee-app" });
  assert.equal(started.kind, "project_ingest_github");
  const job = await layers.jobs.wait(started.jobId, { timeout: 30_000, pollInterval: 200 });
  assert.equal(job.status, "completed", JSON.stringify(job.error));
  assert.equal(job.result?.repoFullName, "acme/coffee-app");
  assert.equal(job.result?.sandbox, true);

  const outsider = await layers.github
    .installUrl({ returnUrl: "https://evil.test/" })
    .catch((e: unknown) => e);
  assert.ok(outsider instanceof sdk.PermissionDeniedError);
  assert.equal(outsider.details.subcode, "RETURN_URL_NOT_ALLOWED");
});
