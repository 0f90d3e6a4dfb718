import type { APIClient, RequestOptions } from "./core.js";
import { Paginator } from "./pagination.js";
import type { ListParams, Page } from "./types.js";

/** A group of related API methods, bound to one client; reach it through the client. */
export abstract class APIResource {
  protected readonly client: APIClient;

  /** Built by the client (`layers.projects`); there is no need to build one yourself. */
  constructor(client: APIClient) {
    this.client = client;
  }

  /** The paginator of the list at `path`: `params` are its query, `cursor` where it starts. */
  protected paginate<T>(path: string, params: ListParams, options?: RequestOptions): Paginator<T> {
    const { cursor, ...query } = params as ListParams & Record<string, string | number | undefined>;
    return new Paginator(
      (at) =>
        this.client.request<Page<T>>({
          method: "GET",
          path,
          query: { ...query, cursor: at },
          options,
        }),
      cursor,
    );
  }
}
