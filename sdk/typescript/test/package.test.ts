/** The built package as a consumer gets it: ESM and CommonJS, types for both, nothing else inside. */

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import * as esm from "layers-sdk";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  version: string;
  dependencies?: object;
  peerDependencies?: object;
  engines: { node: string };
};
const run = promisify(execFile);

test("import and require load the two builds, with the same exports", () => {
  const cjs = createRequire(import.meta.url)("layers-sdk") as typeof esm;

  assert.deepEqual(Object.keys(cjs).sort(), Object.keys(esm).sort());
  assert.notEqual(cjs.Layers, esm.Layers); // two builds, not one file loaded twice
  const client = new cjs.Layers({ apiKey: "lp_test_x", baseURL: "http://127.0.0.1:9" });
  assert.equal(client.baseURL, "http://127.0.0.1:9");
  assert.ok(
    new cjs.NotFoundError(404, new Headers(), {
      code: "NOT_FOUND",
      message: "m",
      requestId: null,
      details: {},
    }) instanceof cjs.LayersError,
  );
});

test("publint finds nothing wrong with the package", async () => {
  const { stdout } = await run(process.execPath, [bin("publint"), "--strict"], { cwd: ROOT });
  assert.match(stdout, /All good!/);
});

test("types resolve for import and require under every module resolution (arethetypeswrong)", async () => {
  const { stdout } = await run(
    process.execPath,
    [bin("@arethetypeswrong/cli", "attw"), "--pack", ".", "--format", "json"],
    {
      cwd: ROOT,
    },
  );
  const report = JSON.parse(stdout) as {
    analysis: {
      problems: unknown[];
      entrypoints: Record<
        string,
        { resolutions: Record<string, { resolution?: { isTypeScript?: boolean } }> }
      >;
    };
  };
  assert.deepEqual(report.analysis.problems, []);
  const resolutions = report.analysis.entrypoints["."]?.resolutions ?? {};
  assert.deepEqual(Object.keys(resolutions).sort(), [
    "bundler",
    "node10",
    "node16-cjs",
    "node16-esm",
  ]);
});

test("no runtime dependencies, and nothing imported but the package's own files", () => {
  assert.equal(manifest.dependencies, undefined);
  assert.equal(manifest.peerDependencies, undefined);
  assert.equal(manifest.engines.node, ">=18");
  for (const build of ["esm", "cjs"]) {
    for (const file of walk(join(ROOT, "dist", build)).filter((f) => f.endsWith(".js"))) {
      const source = readFileSync(file, "utf8");
      // import/export statements start a line; the same words inside doc comments do not.
      const statements =
        /^(?:import|export)\b[^\n]*?from\s*["']([^"']+)["']|\brequire\(\s*["']([^"']+)["']\s*\)/gm;
      const specifiers = [...source.matchAll(statements)].map((m) => m[1] ?? m[2]);
      const foreign = specifiers.filter((s) => !s?.startsWith("./") && !s?.startsWith("../"));
      assert.deepEqual(foreign, [], `${file} imports ${foreign.join(", ")}`);
    }
  }
});

test("the version sent in User-Agent is the package's", () => {
  assert.equal(esm.VERSION, manifest.version);
});

function bin(pkg: string, name = pkg): string {
  const binField = (
    JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as {
      bin: string | Record<string, string>;
    }
  ).bin;
  const relative = typeof binField === "string" ? binField : binField[name];
  if (relative === undefined) throw new Error(`${pkg} has no ${name} binary`);
  return join(ROOT, "node_modules", pkg, relative);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
