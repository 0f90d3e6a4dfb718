import type { MutationOptions, RequestOptions } from "../core.js";
import { segment } from "../core.js";
import type { Paginator } from "../pagination.js";
import { APIResource } from "../resource.js";
import type {
  Influencer,
  InfluencerCreateParams,
  InfluencerDeleted,
  InfluencerListItem,
  InfluencerListParams,
  InfluencerStarted,
  InfluencerUpdateParams,
} from "../types.js";

/** Influencers, a project's AI personas: `/v1/projects/{projectId}/influencers`, `/v1/influencers`. */
export class Influencers extends APIResource {
  /**
   * Starts creating an influencer (`POST /v1/projects/{projectId}/influencers`).
   *
   * `gender` defaults to the project's target gender when that is female or male, else female;
   * `ageRange` to `young_adult`; `prompt` steers the persona. Returns the `influencer_create`
   * job and the id of the influencer, which exists at once with `status: "pending"`.
   */
  async create(
    projectId: string,
    params: InfluencerCreateParams = {},
    options?: MutationOptions,
  ): Promise<InfluencerStarted> {
    return this.client.request({
      method: "POST",
      path: projectInfluencers(projectId),
      body: params,
      options,
    });
  }

  /** Fetches one influencer (`GET /v1/influencers/{influencerId}`). */
  async retrieve(influencerId: string, options?: RequestOptions): Promise<Influencer> {
    return this.client.request({ method: "GET", path: influencerPath(influencerId), options });
  }

  /**
   * Changes some fields of an influencer (`PATCH /v1/influencers/{influencerId}`).
   *
   * Only the properties present are sent.
   */
  async update(
    influencerId: string,
    params: InfluencerUpdateParams,
    options?: MutationOptions,
  ): Promise<Influencer> {
    return this.client.request({
      method: "PATCH",
      path: influencerPath(influencerId),
      body: params,
      options,
    });
  }

  /** Soft-deletes an influencer (`DELETE /v1/influencers/{influencerId}`). */
  async delete(influencerId: string, options?: MutationOptions): Promise<InfluencerDeleted> {
    return this.client.request({ method: "DELETE", path: influencerPath(influencerId), options });
  }

  /**
   * A project's influencers, newest first (`GET /v1/projects/{projectId}/influencers`), across
   * all pages; each carries a `thumbnailUrl` of its portrait. `status` filters, `limit` is the page size (1–100), `cursor` resumes from a saved
   * `nextCursor`. Nothing is sent until the result is iterated or awaited.
   */
  list(
    projectId: string,
    params: InfluencerListParams = {},
    options?: RequestOptions,
  ): Paginator<InfluencerListItem> {
    return this.paginate(projectInfluencers(projectId), params, options);
  }
}

function projectInfluencers(projectId: string): string {
  return `/v1/projects/${segment(projectId, "projectId")}/influencers`;
}

function influencerPath(influencerId: string): string {
  return `/v1/influencers/${segment(influencerId, "influencerId")}`;
}
