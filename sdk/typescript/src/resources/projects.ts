import type { MutationOptions, RequestOptions } from "../core.js";
import { segment } from "../core.js";
import type { Paginator } from "../pagination.js";
import { APIResource } from "../resource.js";
import type {
  Project,
  ProjectArchived,
  ProjectCreateParams,
  ProjectDetail,
  ProjectListParams,
  ProjectUpdateParams,
} from "../types.js";

/** `/v1/projects`: one project per end-customer. */
export class Projects extends APIResource {
  /**
   * Creates a project (`POST /v1/projects`), typically one per end-customer.
   *
   * `name` (3–30 chars) and `timezone` (IANA, `"UTC"` allowed) are required. Set
   * `customerExternalId` to your own customer handle to find the project later with
   * `projects.list({ customerExternalId })`; it is unique per organization (a duplicate throws
   * {@link ConflictError} with `details.existingProjectId`). Giving `appDescription`
   * (100–1000 chars) also starts keyword research and the first influencer in the background.
   *
   * Safe to retry: an `Idempotency-Key` is sent (yours, or a fresh UUID per call).
   */
  async create(params: ProjectCreateParams, options?: MutationOptions): Promise<Project> {
    return this.client.request({ method: "POST", path: "/v1/projects", body: params, options });
  }

  /** Fetches one project with its `brandContext` (`GET /v1/projects/{projectId}`). */
  async retrieve(projectId: string, options?: RequestOptions): Promise<ProjectDetail> {
    return this.client.request({ method: "GET", path: projectPath(projectId), options });
  }

  /**
   * Changes some fields of a project (`PATCH /v1/projects/{projectId}`); returns it whole,
   * with its `brandContext`.
   *
   * Only the properties present are sent: one left out (or `undefined`) stays as it is, and
   * `null` clears `appName`, `appDescription`, `tagline`, `customerExternalId` or `metadata`.
   * `metadata` is replaced whole; `status: "active"` restores an archived project; a changed
   * `appDescription` re-runs keyword research.
   */
  async update(
    projectId: string,
    params: ProjectUpdateParams,
    options?: MutationOptions,
  ): Promise<ProjectDetail> {
    return this.client.request({
      method: "PATCH",
      path: projectPath(projectId),
      body: params,
      options,
    });
  }

  /**
   * Soft-archives a project (`DELETE /v1/projects/{projectId}`); repeating it is harmless.
   *
   * Its data stays readable and `update(projectId, { status: "active" })` restores it; an
   * archived project starts no new jobs.
   */
  async archive(projectId: string, options?: MutationOptions): Promise<ProjectArchived> {
    return this.client.request({ method: "DELETE", path: projectPath(projectId), options });
  }

  /**
   * Projects, newest first (`GET /v1/projects`), across all pages.
   *
   * Filters: `status`, `search` (case-insensitive substring of the name) and
   * `customerExternalId` (exact; at most one match). `limit` is the page size (1–200), not a
   * cap on the total; `cursor` resumes from a saved `nextCursor`. Nothing is sent until the
   * result is iterated or awaited (see {@link Paginator}).
   */
  list(params: ProjectListParams = {}, options?: RequestOptions): Paginator<Project> {
    return this.paginate("/v1/projects", params, options);
  }
}

function projectPath(projectId: string): string {
  return `/v1/projects/${segment(projectId, "projectId")}`;
}
