/**
 * The real Python server for contract tests: `layers-server serve` on a free port with a fresh
 * SQLite database, an organization and keys minted by the operator's command line, and a
 * loopback proxy that can lose an answer after the server committed it.
 */

import { execFile, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));

/** The `layers-server` command: `$LAYERS_SERVER`, else the repository's `.venv`. */
export const SERVER_COMMAND = process.env.LAYERS_SERVER ?? join(REPO, ".venv/bin/layers-server");

/** A running server and what the tests need to call it. */
export interface LiveServer {
  baseURL: string;
  organizationId: string;
  /** A `*`-scoped live key. */
  key: string;
  /** A key that may only read projects. */
  readOnlyKey: string;
  /** Mints another key of the organization (the operator's `keys create`). */
  mintKey(name: string, scopes?: string, extra?: string[]): Promise<KeyRecord>;
  stop(): Promise<void>;
}

/** What `keys create --json` prints: the public record and the full key, once. */
export interface KeyRecord {
  id: string;
  prefix: string;
  key: string;
  [field: string]: unknown;
}

/** Starts `layers-server serve` on a fresh database; resolves once it answers `/healthz`. */
export async function startServer(): Promise<LiveServer> {
  const dir = mkdtempSync(join(tmpdir(), "layers-ts-"));
  const env = {
    ...process.env,
    LAYERS_DATABASE_URL: `sqlite:///${join(dir, "layers.db")}`,
    LAYERS_FETCH_ALLOW_PRIVATE: "true", // ingestion fetches the tests' own loopback site
    LAYERS_JOB_POLL_SECONDS: "0.2",
    LAYERS_LOG_FORMAT: "json",
    // A GitHub App of its own, so the GitHub routes answer; test keys never call GitHub.
    LAYERS_GITHUB_APP_ID: "4242",
    LAYERS_GITHUB_APP_SLUG: "layers-contract-tests",
    LAYERS_GITHUB_PRIVATE_KEY: generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs1", format: "pem" })
      .toString(),
  };
  const cli = async (...args: string[]): Promise<string> => {
    const { stdout } = await promisify(execFile)(SERVER_COMMAND, args, { env, timeout: 60_000 });
    return stdout;
  };
  await cli("migrate");
  const org = JSON.parse(await cli("orgs", "create", "--name", "TypeScript SDK", "--json")) as {
    id: string;
  };
  const mintKey = async (name: string, scopes = "*", extra: string[] = []): Promise<KeyRecord> =>
    JSON.parse(
      await cli(
        "keys",
        "create",
        "--org",
        org.id,
        "--name",
        name,
        "--scopes",
        scopes,
        "--tier",
        "partner",
        "--owner-email",
        "sdk@acme.test",
        "--json",
        ...(extra.includes("--env") ? extra : ["--env", "live", ...extra]),
      ),
    ) as KeyRecord;

  const port = await freePort();
  const log = join(dir, "server.log");
  // A log file, not a pipe: nobody reads a pipe while the tests run, and a full one blocks the server.
  const logFd = openSync(log, "w");
  const child = spawn(SERVER_COMMAND, ["serve", "--port", String(port)], {
    env,
    stdio: ["ignore", logFd, logFd],
  });
  const baseURL = `http://127.0.0.1:${port}`;
  const [key, readOnlyKey] = await Promise.all([
    mintKey("contract tests"),
    mintKey("read only", "projects:read"),
    waitUntilHealthy(baseURL, child, log),
  ]);
  return {
    baseURL,
    organizationId: org.id,
    key: key.key,
    readOnlyKey: readOnlyKey.key,
    mintKey,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilHealthy(baseURL: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 90_000; // generous: a loaded 2-core machine starts Python slowly
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `layers-server exited with ${child.exitCode}:\n${readFileSync(log, "utf8").slice(-4000)}`,
      );
    }
    try {
      if ((await fetch(`${baseURL}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error(
    `layers-server did not become healthy:\n${readFileSync(log, "utf8").slice(-4000)}`,
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What the proxy saw of one exchange. */
export interface Exchange {
  method: string;
  path: string;
  idempotencyKey: string | null;
  status: number;
  replayed: boolean;
  body: string;
  dropped: boolean;
}

/**
 * A loopback HTTP proxy in front of the server. For requests `drop` picks, it forwards the
 * request, waits for the server's whole answer — so the server has committed whatever it
 * wrote — and then closes the client's connection without sending a byte of it: the failure
 * idempotency keys exist for.
 */
export async function startDroppingProxy(
  target: string,
  drop: (request: IncomingMessage, exchanges: Exchange[]) => boolean,
): Promise<{ baseURL: string; exchanges: Exchange[]; close(): Promise<void> }> {
  const exchanges: Exchange[] = [];
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (!HOP_BY_HOP.has(name) && typeof value === "string") headers.set(name, value);
    }
    const method = request.method ?? "GET";
    const upstream = await fetch(target + (request.url ?? "/"), {
      method,
      headers,
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    const body = await upstream.text();
    const dropped = drop(request, exchanges);
    exchanges.push({
      method,
      path: request.url ?? "/",
      idempotencyKey: headers.get("idempotency-key"),
      status: upstream.status,
      replayed: upstream.headers.get("idempotent-replayed") === "true",
      body,
      dropped,
    });
    if (dropped) {
      request.socket.destroy();
      return;
    }
    const answer: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name) && name !== "content-length" && name !== "content-encoding")
        answer[name] = value;
    });
    response.writeHead(upstream.status, answer).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "proxy-connection",
]);

/** Serves fixed pages on loopback (the website that ingestion reads). */
export async function startSite(
  pages: Record<string, string>,
): Promise<{ baseURL: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const page = pages[request.url ?? "/"];
    if (page === undefined) response.writeHead(404).end();
    else response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One webhook delivery as the receiver got it: the raw body and the headers. */
export interface Received {
  body: string;
  headers: Record<string, string>;
}

/**
 * A webhook receiver on loopback: answers every POST `204` and hands the deliveries out in the
 * order they arrived (`next()` waits for one, at most 20 s).
 */
export async function startReceiver(): Promise<{
  baseURL: string;
  next(): Promise<Received>;
  close(): Promise<void>;
}> {
  const arrived: Received[] = [];
  const waiting: ((received: Received) => void)[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string") headers[name] = value;
    }
    response.writeHead(204).end();
    const received = { body: Buffer.concat(chunks).toString("utf8"), headers };
    const waiter = waiting.shift();
    if (waiter) waiter(received);
    else arrived.push(received);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    next() {
      const ready = arrived.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error("no webhook delivery arrived within 20 s")),
          20_000,
        );
        waiting.push((received) => {
          clearTimeout(timer);
          resolve(received);
        });
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Calls `read` until `done` holds for its answer (at most 20 s), and returns that answer. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
