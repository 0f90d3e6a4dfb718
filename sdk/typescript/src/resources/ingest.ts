import type { MutationOptions } from "../core.js";
import { segment } from "../core.js";
import { APIResource } from "../resource.js";
import type {
  AppStoreIngestParams,
  GitHubIngestParams,
  JobStarted,
  WebsiteIngestParams,
} from "../types.js";

/** `/v1/projects/{projectId}/ingest/*`: learn a project's brand from its website, app listing or code. */
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

  /**
   * Ingests a GitHub repository (`POST /v1/projects/{projectId}/ingest/github`).
   *
   * `repoFullName` is `owner/name` of a repository the organization's installation can see
   * (see {@link GitHub}). The job clones it, learns the brand from its files and, unless
   * `openPR` is false, opens a pull request on `layers/sdk-setup` that sets the Layers SDK up
   * (with `openPR: false` the job's result holds the patch instead). Returns the
   * `project_ingest_github` job.
   */
  async github(
    projectId: string,
    params: GitHubIngestParams,
    options?: MutationOptions,
  ): Promise<JobStarted> {
    const path = ingestPath(projectId, "github");
    return this.client.request({ method: "POST", path, body: params, options });
  }
}

function ingestPath(projectId: string, source: string): string {
  return `/v1/projects/${segment(projectId, "projectId")}/ingest/${source}`;
}
