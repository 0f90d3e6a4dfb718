import { APIClient } from "./core.js";
import type { ClientOptions, RequestOptions } from "./core.js";
import { ApiKeys } from "./resources/api-keys.js";
import { GitHub } from "./resources/github.js";
import { Hooks } from "./resources/hooks.js";
import { Influencers } from "./resources/influencers.js";
import { Ingest } from "./resources/ingest.js";
import { Jobs } from "./resources/jobs.js";
import { Keywords } from "./resources/keywords.js";
import { Projects } from "./resources/projects.js";
import { Webhooks } from "./resources/webhooks.js";
import type { Whoami } from "./types.js";

/**
 * The client of the Layers Partner API.
 *
 * ```ts
 * const layers = new Layers(); // reads LAYERS_API_KEY (and LAYERS_BASE_URL)
 * const project = await layers.projects.retrieve("prj_...");
 * for await (const p of layers.projects.list({ status: "active" })) console.log(p.name);
 * ```
 *
 * Every mutating call carries an `Idempotency-Key` reused across its retries, so retries are
 * safe; failures that may pass are retried with capped exponential backoff and jitter. See
 * {@link ClientOptions} for the options and their defaults.
 */
export class Layers extends APIClient {
  /** Projects: `create`, `list`, `retrieve`, `update`, `archive`. */
  get projects(): Projects {
    return new Projects(this);
  }

  /** A project's hashtag bank: `retrieve`, `refresh`. */
  get keywords(): Keywords {
    return new Keywords(this);
  }

  /** Influencers: `list`, `create`, `retrieve`, `update`, `delete`. */
  get influencers(): Influencers {
    return new Influencers(this);
  }

  /** Hook banks: `retrieve`. */
  get hooks(): Hooks {
    return new Hooks(this);
  }

  /** Brand ingestion jobs: `website`, `appstore`, `github`. */
  get ingest(): Ingest {
    return new Ingest(this);
  }

  /** Background jobs: `retrieve`, `wait`, `cancel`. */
  get jobs(): Jobs {
    return new Jobs(this);
  }

  /** The organization's GitHub App installation: `installUrl`, `registerInstallation`, `installation`. */
  get github(): GitHub {
    return new GitHub(this);
  }

  /** Your organization's API keys: `kill`, `rotate`, `delete`. */
  get apiKeys(): ApiKeys {
    return new ApiKeys(this);
  }

  /**
   * Webhook endpoints and deliveries: `create`, `list`, `retrieve`, `update`, `delete`,
   * `rotateSecret`, `test`, `listDeliveries`, `retrieveDelivery`, `replay`; and `verify`.
   */
  get webhooks(): Webhooks {
    return new Webhooks(this);
  }

  /** The organization, scopes and rate-limit tier of the key in use (`GET /v1/whoami`). */
  async whoami(options?: RequestOptions): Promise<Whoami> {
    return this.request({ method: "GET", path: "/v1/whoami", options });
  }
}
