import type { MutationOptions, RequestOptions } from "../core.js";
import { segment } from "../core.js";
import { APIResource } from "../resource.js";
import type { JobStarted, KeywordBank } from "../types.js";

/** `/v1/projects/{projectId}/keywords`: the project's hashtag bank. */
export class Keywords extends APIResource {
  /**
   * The hashtag bank, best score first (`GET /v1/projects/{projectId}/keywords`).
   *
   * Before the first research run finishes, `hashtags` is empty and `refreshedAt` is `null`.
   */
  async retrieve(projectId: string, options?: RequestOptions): Promise<KeywordBank> {
    return this.client.request({ method: "GET", path: keywordsPath(projectId), options });
  }

  /**
   * Starts a new keyword research run (`POST /v1/projects/{projectId}/keywords/refresh`).
   *
   * Returns the `keywords_refresh` job; `jobs.wait(job.jobId)` follows it. The project needs an
   * `appDescription`, else {@link ValidationError} with `details.missingFields`.
   */
  async refresh(projectId: string, options?: MutationOptions): Promise<JobStarted> {
    const path = `${keywordsPath(projectId)}/refresh`;
    return this.client.request({ method: "POST", path, body: {}, options });
  }
}

function keywordsPath(projectId: string): string {
  return `/v1/projects/${segment(projectId, "projectId")}/keywords`;
}
