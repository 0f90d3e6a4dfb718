/**
 * `tsc` over the tests and test/types/conformance.ts: the hand-written types agree with the ones
 * generated from the server's OpenAPI document, field by field, and the tests use the package
 * as its declaration files describe it.
 */

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

test("the SDK's types conform to the server's OpenAPI document, and the tests type-check", async () => {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const project = fileURLToPath(new URL("./tsconfig.json", import.meta.url));
  const result = await promisify(execFile)(process.execPath, [
    tsc,
    "-p",
    project,
    "--pretty",
    "false",
  ]).catch((error: { stdout: string }) => error);
  assert.equal(result.stdout.trim(), "", "tsc reported errors");
});
