import { Layers } from "layers-sdk";
import type { ClientOptions } from "layers-sdk";

import { FakeAPI } from "./fake-fetch.ts";
import { API_KEY, BASE_URL } from "./samples.ts";

/** A client that records its waits instead of waiting. */
export class RecordingLayers extends Layers {
  readonly sleeps: number[] = [];

  override async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) await super.sleep(0, signal); // throws the abort, as a real wait would
  }
}

/** A recording client over a fresh scripted API. */
export function setup(options: ClientOptions = {}): { api: FakeAPI; client: RecordingLayers } {
  const api = new FakeAPI();
  const client = new RecordingLayers({
    apiKey: API_KEY,
    baseURL: BASE_URL,
    fetch: api.fetch,
    ...options,
  });
  return { api, client };
}
