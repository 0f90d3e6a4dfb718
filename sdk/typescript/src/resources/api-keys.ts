import type { MutationOptions } from "../core.js";
import { segment } from "../core.js";
import { APIResource } from "../resource.js";
import type { ApiKeyDeleted, ApiKeyKilled, ApiKeyRotated } from "../types.js";

/**
 * `/v1/api-keys/{keyId}`: kill, rotate and retire your organization's keys (any key of the
 * organization may act on any other). `keyId` is `key_<uuid>` or the public 16-character id
 * inside `lp_<env>_<keyId>_<secret>`.
 */
export class ApiKeys extends APIResource {
  /**
   * Engages the key's kill switch (`POST /v1/api-keys/{keyId}/kill`).
   *
   * From the next request on, the key gets {@link KillSwitchError}. Killing a killed key is a
   * no-op.
   */
  async kill(keyId: string, options?: MutationOptions): Promise<ApiKeyKilled> {
    return this.client.request({
      method: "POST",
      path: `${keyPath(keyId)}/kill`,
      body: {},
      options,
    });
  }

  /**
   * Gives the key a new secret (`POST /v1/api-keys/{keyId}/rotate`).
   *
   * The old secret stops working at once; a killed key is re-activated. The new full key is in
   * `secret` and is shown only this once: store it before anything else. (A retry with the same
   * idempotency key replays the same secret.) A deleted key throws {@link ConflictError}.
   */
  async rotate(keyId: string, options?: MutationOptions): Promise<ApiKeyRotated> {
    return this.client.request({
      method: "POST",
      path: `${keyPath(keyId)}/rotate`,
      body: {},
      options,
    });
  }

  /** Retires the key for good (`DELETE /v1/api-keys/{keyId}`). */
  async delete(keyId: string, options?: MutationOptions): Promise<ApiKeyDeleted> {
    return this.client.request({ method: "DELETE", path: keyPath(keyId), options });
  }
}

function keyPath(keyId: string): string {
  return `/v1/api-keys/${segment(keyId, "keyId")}`;
}
