import type { MutationOptions } from "../core.js";
import { segment } from "../core.js";
import { APIResource } from "../resource.js";
import type { AppStoreIngestParams, JobStarted, WebsiteIngestParams } from "../types.js";

/** `/v1/projects/{projectId}/ingest/*`: learn a project's brand from its website or app listing. */
export class Ingest extends APIResource {
  /**
   * Ingests a website (`POST /v1/projects/{projectId}/ingest/website`).
   *
   * `url` is absolute http(s); `followLinks` (default false) and `maxPages` (1–25, default 1)
   * widen the crawl. Returns the `project_ingest_website` job; what it learns lands in the
   * project's `brandContext` and fills the project fields you left empty.
   */
  async website(
    projectId: string,
    params: WebsiteIngestParams,
    options?: MutationOptions,
  ): Promise<JobStarted> {
    return this.client.request({
      method: "POST",
      path: ingestPath(projectId, "website"),
      body: params,
      options,
    });
  }

  /**
   * Ingests an app store listing (`POST /v1/projects/{projectId}/ingest/appstore`).
   *
   * Give at least one of `iosBundleId`, `androidPackage`, `appStoreUrl`; `countryCode` is
   * ISO 3166-1 alpha-2 (default `us`). Returns the `project_ingest_appstore` job.
   */
  async appstore(
    projectId: string,
    params: AppStoreIngestParams,
    options?: MutationOptions,
  ): Promise<JobStarted> {
    return this.client.request({
      method: "POST",
      path: ingestPath(projectId, "appstore"),
      body: params,
      options,
    });
  }
}

function ingestPath(projectId: string, source: string): string {
  return `/v1/projects/${segment(projectId, "projectId")}/ingest/${source}`;
}
