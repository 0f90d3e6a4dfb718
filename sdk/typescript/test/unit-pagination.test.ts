/** Lists are async iterables that follow nextCursor; a page can be awaited alone. */

import assert from "node:assert/strict";
import { test } from "node:test";

import { Paginator } from "layers-sdk";
import type { Project } from "layers-sdk";

import { setup } from "./support/client.ts";
import type { FakeAPI } from "./support/fake-fetch.ts";
import { PROJECT } from "./support/samples.ts";

function project(n: number): Project {
  return { ...PROJECT, id: `prj_${n}`, name: `Project ${n}` };
}

/** Three pages: 1-2, 3-4, 5. */
function threePages(api: FakeAPI): void {
  api.reply(200, { items: [project(1), project(2)], nextCursor: "c2" });
  api.reply(200, { items: [project(3), project(4)], nextCursor: "c3" });
  api.reply(200, { items: [project(5)], nextCursor: null });
}

test("for await walks every item of every page, following nextCursor", async () => {
  const { api, client } = setup();
  threePages(api);

  const names: string[] = [];
  for await (const p of client.projects.list({ limit: 2, status: "active" })) names.push(p.name);

  assert.deepEqual(names, ["Project 1", "Project 2", "Project 3", "Project 4", "Project 5"]);
  const queries = api.requests.map((r) => Object.fromEntries(r.url.searchParams));
  assert.deepEqual(queries, [
    { limit: "2", status: "active" },
    { limit: "2", status: "active", cursor: "c2" },
    { limit: "2", status: "active", cursor: "c3" },
  ]);
});

test("a list sends nothing until it is iterated or awaited", async () => {
  const { api, client } = setup();
  const paginator = client.projects.list();
  assert.ok(paginator instanceof Paginator);
  assert.equal(api.requests.length, 0);
});

test("awaiting a list gives its first page alone", async () => {
  const { api, client } = setup();
  threePages(api);

  const page = await client.projects.list({ limit: 2 });

  assert.deepEqual(
    page.items.map((p) => p.id),
    ["prj_1", "prj_2"],
  );
  assert.equal(page.nextCursor, "c2");
  assert.equal(api.requests.length, 1);
});

test("awaiting the same list twice fetches once, as a promise would", async () => {
  const { api, client } = setup();
  threePages(api);
  const paginator = client.projects.list();

  const [a, b] = await Promise.all([paginator, paginator]);

  assert.equal(a, b);
  assert.equal(api.requests.length, 1);
});

test("a saved cursor resumes where the last page ended", async () => {
  const { api, client } = setup();
  api.reply(200, { items: [project(3)], nextCursor: null });

  const page = await client.projects.list({ cursor: "c2", customerExternalId: "acme" }).firstPage();

  assert.deepEqual(
    page.items.map((p) => p.id),
    ["prj_3"],
  );
  assert.deepEqual(Object.fromEntries(api.last.url.searchParams), {
    cursor: "c2",
    customerExternalId: "acme",
  });
});

test("pages() yields whole pages; iterating again starts over", async () => {
  const { api, client } = setup();
  threePages(api);
  threePages(api);
  const paginator = client.projects.list({ limit: 2 });

  const sizes: number[] = [];
  for await (const page of paginator.pages()) sizes.push(page.items.length);
  let count = 0;
  for await (const _ of paginator) count++;

  assert.deepEqual(sizes, [2, 2, 1]);
  assert.equal(count, 5);
  assert.equal(api.requests.length, 6);
});

test("breaking out of the loop stops fetching", async () => {
  const { api, client } = setup();
  threePages(api);

  for await (const p of client.projects.list({ limit: 2 })) {
    if (p.id === "prj_1") break;
  }

  assert.equal(api.requests.length, 1);
});

test("an error on a later page reaches the loop", async () => {
  const { api, client } = setup({ maxRetries: 0 });
  api.reply(200, { items: [project(1)], nextCursor: "c2" });
  api.reply(422, { error: { code: "VALIDATION", message: "bad cursor", requestId: "req_1" } });

  const seen: string[] = [];
  await assert.rejects(async () => {
    for await (const p of client.projects.list()) seen.push(p.id);
  }, /bad cursor/);
  assert.deepEqual(seen, ["prj_1"]);
});

test("influencers.list pages the same way, under the project", async () => {
  const { api, client } = setup();
  api.reply(200, { items: [{ influencerId: "inf_1" }], nextCursor: "n" });
  api.reply(200, { items: [{ influencerId: "inf_2" }], nextCursor: null });

  const ids: string[] = [];
  for await (const influencer of client.influencers.list("prj_1", { status: "ready", limit: 1 })) {
    ids.push(influencer.influencerId);
  }

  assert.deepEqual(ids, ["inf_1", "inf_2"]);
  assert.equal(api.requests[1]?.url.pathname, "/v1/projects/prj_1/influencers");
  assert.deepEqual(Object.fromEntries(api.requests[1]?.url.searchParams ?? []), {
    status: "ready",
    limit: "1",
    cursor: "n",
  });
});

test("webhook endpoints and an endpoint's deliveries page the same way", async () => {
  const { api, client } = setup();
  api.reply(200, { items: [{ endpointId: "whe_1" }], nextCursor: null });
  api.reply(200, { items: [{ deliveryId: "whd_1" }], nextCursor: null });

  const endpoints = await client.webhooks.list({ limit: 10 });
  const deliveries: string[] = [];
  for await (const delivery of client.webhooks.listDeliveries("whe_1", {
    status: "failed",
  })) {
    deliveries.push(delivery.deliveryId);
  }

  assert.deepEqual(
    endpoints.items.map((e) => e.endpointId),
    ["whe_1"],
  );
  assert.deepEqual(deliveries, ["whd_1"]);
  assert.equal(api.requests[0]?.url.search, "?limit=10");
  assert.equal(api.requests[1]?.url.pathname, "/v1/webhook-endpoints/whe_1/deliveries");
  assert.equal(api.requests[1]?.url.search, "?status=failed");
});
