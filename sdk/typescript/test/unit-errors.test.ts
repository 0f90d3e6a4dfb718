/** Error answers become typed errors carrying the envelope; bodies that are not envelopes too. */

import assert from "node:assert/strict";
import { test } from "node:test";

import * as Layers from "layers-sdk";

import { setup } from "./support/client.ts";
import { json } from "./support/fake-fetch.ts";
import { error } from "./support/samples.ts";

const BY_CODE: [number, string, new (...args: never[]) => Layers.APIStatusError][] = [
  [401, "UNAUTHENTICATED", Layers.AuthenticationError],
  [403, "FORBIDDEN_SCOPE", Layers.PermissionDeniedError],
  [404, "NOT_FOUND", Layers.NotFoundError],
  [409, "CONFLICT", Layers.ConflictError],
  [409, "IDEMPOTENCY_CONFLICT", Layers.IdempotencyConflictError],
  [409, "IDEMPOTENCY_IN_PROGRESS", Layers.IdempotencyInProgressError],
  [400, "VALIDATION", Layers.ValidationError],
  [422, "VALIDATION", Layers.ValidationError],
  [422, "VALIDATION_FAILED", Layers.ValidationError],
  [413, "PAYLOAD_TOO_LARGE", Layers.PayloadTooLargeError],
  [429, "RATE_LIMITED", Layers.RateLimitError],
  [503, "KILL_SWITCH", Layers.KillSwitchError],
  [503, "UNAVAILABLE", Layers.ServiceUnavailableError],
  [500, "INTERNAL", Layers.InternalServerError],
];

async function thrown(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): Promise<unknown> {
  const { api, client } = setup({ maxRetries: 0 });
  api.script.push(
    typeof body === "string"
      ? new Response(body, { status, headers })
      : json(status, body, headers),
  );
  return client.projects.retrieve("prj_1").catch((e: unknown) => e);
}

for (const [status, code, ErrorClass] of BY_CODE) {
  test(`${status} ${code} is a ${ErrorClass.name} with the envelope's fields`, async () => {
    const details = {
      subcode: "SOMETHING",
      issues: [{ path: "name", message: "too short", code: "too_short" }],
    };
    const raised = await thrown(status, error(code, details, "A sentence for humans."));

    assert.ok(raised instanceof ErrorClass);
    assert.ok(raised instanceof Layers.APIStatusError && raised instanceof Layers.LayersError);
    assert.ok(raised instanceof Error);
    assert.equal(raised.name, ErrorClass.name);
    assert.equal(raised.status, status);
    assert.equal(raised.code, code);
    assert.equal(raised.message, "A sentence for humans.");
    assert.equal(raised.requestId, "req_01JS3K9Q8W5V2X7Y4Z6A1B3C5E");
    assert.deepEqual(raised.details, details);
  });
}

test("the idempotency 409s are not ConflictErrors, so catching a conflict does not swallow them", async () => {
  const raised = await thrown(409, error("IDEMPOTENCY_CONFLICT"));
  assert.ok(!(raised instanceof Layers.ConflictError));
});

test("an unknown code maps by status", async () => {
  assert.ok((await thrown(409, error("SOMETHING_NEW"))) instanceof Layers.ConflictError);
  assert.ok((await thrown(422, error("SOMETHING_NEW"))) instanceof Layers.ValidationError);
  assert.ok((await thrown(507, error("SOMETHING_NEW"))) instanceof Layers.InternalServerError);
  const teapot = await thrown(418, error("SOMETHING_NEW"));
  assert.equal((teapot as Error).constructor, Layers.APIStatusError);
});

test("a body that is not an envelope still gives status, a message and the request id header", async () => {
  const raised = await thrown(404, "<html>nope</html>", { "X-Request-Id": "req_FROM_HEADER" });

  assert.ok(raised instanceof Layers.NotFoundError);
  assert.equal(raised.code, null);
  assert.equal(raised.requestId, "req_FROM_HEADER");
  assert.deepEqual(raised.details, {});
  assert.ok(raised.message.length > 0);
});

test("JSON that is not an object, or details that are not an object, are tolerated", async () => {
  const list = await thrown(400, ["not", "an", "envelope"]);
  assert.ok(list instanceof Layers.APIStatusError && list.code === null);
  const odd = await thrown(422, { error: { code: "VALIDATION", message: "x", details: "text" } });
  assert.ok(odd instanceof Layers.ValidationError);
  assert.deepEqual(odd.details, {});
});

test("toString names the status, code, message and request id", async () => {
  const raised = await thrown(404, error("NOT_FOUND", {}, "No such project."));
  assert.equal(
    String(raised),
    "NotFoundError: 404 NOT_FOUND: No such project. (request req_01JS3K9Q8W5V2X7Y4Z6A1B3C5E)",
  );
});

test("APIValidationError is another name of ValidationError", () => {
  assert.equal(Layers.APIValidationError, Layers.ValidationError);
});

test("a 2xx body that is not a JSON object is an APIResponseValidationError", async () => {
  const { api, client } = setup();
  api.script.push(new Response("<html>captive portal</html>", { status: 200 }));

  const raised = await client.whoami().catch((e: unknown) => e);

  assert.ok(raised instanceof Layers.APIResponseValidationError);
  assert.equal(raised.status, 200);
  assert.equal(api.requests.length, 1);
});
