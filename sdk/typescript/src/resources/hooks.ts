import type { RequestOptions } from "../core.js";
import { segment } from "../core.js";
import { APIResource } from "../resource.js";
import type { HooksBank } from "../types.js";

/** `/v1/projects/{projectId}/content/hooks`: short hooks for the project's content. */
export class Hooks extends APIResource {
  /**
   * A freshly written bank of 20–30 hooks (`GET /v1/projects/{projectId}/content/hooks`).
   *
   * Every call writes a new bank, in the project's brand voice and primary language. The
   * project needs `appName` and `appDescription`, else {@link ValidationError} with
   * `details.missingFields`.
   */
  async retrieve(projectId: string, options?: RequestOptions): Promise<HooksBank> {
    const path = `/v1/projects/${segment(projectId, "projectId")}/content/hooks`;
    return this.client.request({ method: "GET", path, options });
  }
}
