import type { MutationOptions, RequestOptions } from "../core.js";
import { APIResource } from "../resource.js";
import type { GitHubInstallUrl, GitHubInstallation } from "../types.js";

/**
 * `/v1/github/installation`: connect the organization's GitHub App installation, once per
 * organization. These calls need a key with the `github:admin` scope (`*` does not grant it).
 */
export class GitHub extends APIResource {
  /**
   * Where to send the user to install the App (`GET /v1/github/installation/install-url`).
   *
   * `returnUrl` (https, on a host your key's operator allowed) is where the browser comes back
   * to, with `installationId` and `state` in its query. `state` may be a value of your own
   * (16–128 URL-safe characters); one is minted otherwise. It lives 15 minutes.
   */
  async installUrl(
    params: { returnUrl: string; state?: string },
    options?: RequestOptions,
  ): Promise<GitHubInstallUrl> {
    const path = "/v1/github/installation/install-url";
    return this.client.request({ method: "GET", path, query: params, options });
  }

  /**
   * Registers the installation the browser came back with (`POST /v1/github/installation`).
   *
   * The server checks the `state` and asks GitHub about the installation before it records
   * it; registering the same installation again answers the same record.
   */
  async registerInstallation(
    params: { installationId: number; state: string },
    options?: MutationOptions,
  ): Promise<GitHubInstallation> {
    const path = "/v1/github/installation";
    return this.client.request({ method: "POST", path, body: params, options });
  }

  /**
   * The organization's installation (`GET /v1/github/installation`); {@link NotFoundError} if
   * none is registered.
   */
  async installation(options?: RequestOptions): Promise<GitHubInstallation> {
    return this.client.request({ method: "GET", path: "/v1/github/installation", options });
  }
}
