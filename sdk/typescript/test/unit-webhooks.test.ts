/** verifyWebhook against fixed test vectors of both signature schemes, and every way to fail. */

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { Layers, WebhookVerificationError, verifyWebhook } from "layers-sdk";

import { API_KEY } from "./support/samples.ts";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER_SECRET = "whsec_" + btoa("another secret of thirty-two by");

// A job.completed delivery signed at 2026-04-18T19:03:00Z; the signatures were computed with
// Python's hmac module, independently of this SDK.
const T = 1776538980;
const NOW = T * 1000;
const EVENT =
  '{"id":"evt_01JS3K9Q8W5V2X7Y4Z6A1B3C5F","type":"job.completed","createdAt":"2026-04-18T19:03:00.000000+00:00",' +
  '"organizationId":"org_2481fa5c-a404-44ed-a561-565392499abc","projectId":"prj_9cb958b5-11b5-4e30-8675-5d075d52da7c",' +
  '"data":{"jobId":"job_01JS3K9Q8W5V2X7Y4Z6A1B3C5D","kind":"project_ingest_website",' +
  '"projectId":"prj_9cb958b5-11b5-4e30-8675-5d075d52da7c","result":{"pages":3}},"replayOf":null}';
const LAYERS_V1 = "08d36b3cf906f1574e05ae20f158d088e727fb17c567c093bfc35c451419aa92";
const STANDARD_V1 = "TnqRgU5PJtlMsA3l9YQSHT7lCPWwqz9ohdocwULbrUA=";

const LAYERS_HEADERS = { "x-layers-signature": `t=${T},v1=${LAYERS_V1}` };
const STANDARD_HEADERS = {
  "webhook-id": "evt_01JS3K9Q8W5V2X7Y4Z6A1B3C5F",
  "webhook-timestamp": String(T),
  "webhook-signature": `v1,${STANDARD_V1}`,
};

async function refusal(promise: Promise<unknown>): Promise<string> {
  const raised = await promise.catch((e: unknown) => e);
  assert.ok(
    raised instanceof WebhookVerificationError,
    `expected a refusal, got ${String(raised)}`,
  );
  return raised.reason;
}

describe("a genuine delivery", () => {
  test("verifies by X-Layers-Signature and returns the parsed event", async () => {
    const event = await verifyWebhook(EVENT, LAYERS_HEADERS, SECRET, { now: NOW });
    assert.equal(event.id, "evt_01JS3K9Q8W5V2X7Y4Z6A1B3C5F");
    assert.equal(event.type, "job.completed");
    assert.deepEqual(event.data.result, { pages: 3 });
    assert.equal(event.replayOf, null);
  });

  test("verifies by the Standard Webhooks headers", async () => {
    const event = await verifyWebhook(EVENT, STANDARD_HEADERS, SECRET, { now: NOW });
    assert.equal(event.type, "job.completed");
  });

  test("passes the signature check on the Standard Webhooks specification's own vector", async () => {
    const headers = {
      "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
      "webhook-timestamp": "1614265330",
      "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    };
    const options = { now: 1614265330_000 };
    // Its body is no Layers event: refused for that, after signature and age were accepted.
    assert.equal(
      await refusal(verifyWebhook('{"test": 2432232314}', headers, SECRET, options)),
      "bad_payload",
    );
    const forged = {
      ...headers,
      "webhook-signature": headers["webhook-signature"].replace("g0h", "g1h"),
    };
    assert.equal(
      await refusal(verifyWebhook('{"test": 2432232314}', forged, SECRET, options)),
      "bad_signature",
    );
  });

  test("takes the body as bytes, and headers as a Headers object or in any case", async () => {
    const bytes = new TextEncoder().encode(EVENT);
    await verifyWebhook(bytes, new Headers(LAYERS_HEADERS), SECRET, { now: NOW });
    await verifyWebhook(
      EVENT,
      { "X-Layers-Signature": LAYERS_HEADERS["x-layers-signature"] },
      SECRET,
      { now: NOW },
    );
  });

  test("during a secret rotation, any one of the signatures matching is enough", async () => {
    const rotating = { "x-layers-signature": `t=${T},v1=${"00".repeat(32)},v1=${LAYERS_V1}` };
    await verifyWebhook(EVENT, rotating, SECRET, { now: NOW });
    const standard = {
      ...STANDARD_HEADERS,
      "webhook-signature": `v1,${btoa("x".repeat(32))} v1,${STANDARD_V1}`,
    };
    await verifyWebhook(EVENT, standard, SECRET, { now: NOW });
  });

  test("is reachable from a client as layers.webhooks.verify", async () => {
    const layers = new Layers({ apiKey: API_KEY });
    const event = await layers.webhooks.verify(EVENT, LAYERS_HEADERS, SECRET, { now: NOW });
    assert.equal(event.type, "job.completed");
  });

  test("within the tolerance either way", async () => {
    await verifyWebhook(EVENT, LAYERS_HEADERS, SECRET, { now: NOW + 299_000 });
    await verifyWebhook(EVENT, LAYERS_HEADERS, SECRET, { now: NOW - 299_000 });
  });
});

describe("a delivery is refused when", () => {
  test("the secret is another one", async () => {
    assert.equal(
      await refusal(verifyWebhook(EVENT, LAYERS_HEADERS, OTHER_SECRET, { now: NOW })),
      "bad_signature",
    );
    assert.equal(
      await refusal(verifyWebhook(EVENT, STANDARD_HEADERS, OTHER_SECRET, { now: NOW })),
      "bad_signature",
    );
  });

  test("one byte of the body changed", async () => {
    const tampered = EVENT.replace('"pages":3', '"pages":4');
    assert.equal(
      await refusal(verifyWebhook(tampered, LAYERS_HEADERS, SECRET, { now: NOW })),
      "bad_signature",
    );
    assert.equal(
      await refusal(verifyWebhook(tampered, STANDARD_HEADERS, SECRET, { now: NOW })),
      "bad_signature",
    );
  });

  test("the body was re-serialized (verify the raw body)", async () => {
    const reserialized = JSON.stringify(JSON.parse(EVENT), null, 2);
    assert.equal(
      await refusal(verifyWebhook(reserialized, LAYERS_HEADERS, SECRET, { now: NOW })),
      "bad_signature",
    );
  });

  test("the timestamp was changed (it is signed too)", async () => {
    const moved = { "x-layers-signature": `t=${T + 1},v1=${LAYERS_V1}` };
    assert.equal(await refusal(verifyWebhook(EVENT, moved, SECRET, { now: NOW })), "bad_signature");
    const movedStandard = { ...STANDARD_HEADERS, "webhook-timestamp": String(T + 1) };
    assert.equal(
      await refusal(verifyWebhook(EVENT, movedStandard, SECRET, { now: NOW })),
      "bad_signature",
    );
  });

  test("it is older, or further in the future, than the tolerance of 5 minutes", async () => {
    assert.equal(
      await refusal(verifyWebhook(EVENT, LAYERS_HEADERS, SECRET, { now: NOW + 301_000 })),
      "too_old",
    );
    assert.equal(
      await refusal(verifyWebhook(EVENT, STANDARD_HEADERS, SECRET, { now: NOW - 301_000 })),
      "too_old",
    );
    await verifyWebhook(EVENT, LAYERS_HEADERS, SECRET, {
      now: NOW + 3_600_000,
      toleranceSeconds: 7200,
    });
  });

  test("the signature headers are missing or malformed", async () => {
    assert.equal(await refusal(verifyWebhook(EVENT, {}, SECRET, { now: NOW })), "missing_headers");
    const noId = { "webhook-timestamp": String(T), "webhook-signature": `v1,${STANDARD_V1}` };
    assert.equal(
      await refusal(verifyWebhook(EVENT, noId, SECRET, { now: NOW })),
      "missing_headers",
    );
    const garbage = { "x-layers-signature": "garbage" };
    assert.equal(
      await refusal(verifyWebhook(EVENT, garbage, SECRET, { now: NOW })),
      "bad_signature",
    );
    const otherVersion = { ...STANDARD_HEADERS, "webhook-signature": `v2,${STANDARD_V1}` };
    assert.equal(
      await refusal(verifyWebhook(EVENT, otherVersion, SECRET, { now: NOW })),
      "bad_signature",
    );
  });

  test("a signed body is not a JSON object", async () => {
    // Signed with the right secret, so only the payload check can refuse it.
    const key = await crypto.subtle.importKey(
      "raw",
      Uint8Array.from(atob(SECRET.slice(6)), (c) => c.charCodeAt(0)),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const bodies = [
      "[1,2,3]",
      "not json",
      '{"id":"evt_1"}',
      '{"id":"evt_1","type":"test.ping","createdAt":"yesterday","organizationId":"org_1","data":{}}',
      '{"id":"evt_1","type":"test.ping","createdAt":"2026-04-18T19:03:00+00:00","organizationId":"org_1"}',
    ];
    for (const body of bodies) {
      const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${T}.${body}`));
      const hex = Buffer.from(mac).toString("hex");
      const headers = { "x-layers-signature": `t=${T},v1=${hex}` };
      assert.equal(
        await refusal(verifyWebhook(body, headers, SECRET, { now: NOW })),
        "bad_payload",
        body,
      );
    }
  });

  test("a secret that is not a whsec_ value is a programming error", async () => {
    await assert.rejects(verifyWebhook(EVENT, LAYERS_HEADERS, "whsec_", { now: NOW }), TypeError);
  });
});
