import type { MutationOptions, RequestOptions } from "../core.js";
import { segment } from "../core.js";
import type { Paginator } from "../pagination.js";
import { APIResource } from "../resource.js";
import type {
  ListParams,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookDeliveryListParams,
  WebhookEndpoint,
  WebhookEndpointCreateParams,
  WebhookEndpointCreated,
  WebhookEndpointDeleted,
  WebhookEndpointUpdateParams,
  WebhookReplay,
  WebhookSecretRotated,
  WebhookTestSent,
} from "../types.js";
import { verifyWebhook } from "../webhooks.js";

/**
 * Webhooks: your endpoints (`/v1/webhook-endpoints`), their deliveries, and verifying what your
 * endpoint receives.
 */
export class Webhooks extends APIResource {
  /** {@link verifyWebhook}, reachable from a client: `await layers.webhooks.verify(body, headers, secret)`. */
  readonly verify = verifyWebhook;

  /**
   * Registers an endpoint (`POST /v1/webhook-endpoints`).
   *
   * The answer carries the endpoint's `signingSecret` (`whsec_…`), shown only this once: store
   * it, `verify` needs it. `url` must be absolute `https`; a host that resolves to a private
   * address is a {@link ValidationError} unless the operator allows them.
   */
  async create(
    params: WebhookEndpointCreateParams,
    options?: MutationOptions,
  ): Promise<WebhookEndpointCreated> {
    return this.client.request({ method: "POST", path: ENDPOINTS, body: params, options });
  }

  /**
   * Your endpoints, newest first (`GET /v1/webhook-endpoints`), across all pages. `limit` is
   * the page size (1–100). Nothing is sent until the result is iterated or awaited.
   */
  list(params: ListParams = {}, options?: RequestOptions): Paginator<WebhookEndpoint> {
    return this.paginate(ENDPOINTS, params, options);
  }

  /** Fetches one endpoint (`GET /v1/webhook-endpoints/{endpointId}`). */
  async retrieve(endpointId: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.client.request({ method: "GET", path: endpointPath(endpointId), options });
  }

  /**
   * Changes some fields of an endpoint (`PATCH /v1/webhook-endpoints/{endpointId}`).
   *
   * Only the properties present are sent. `status: "active"` resumes a paused or disabled
   * endpoint, resets its failure count, and sends the deliveries it held, oldest first.
   */
  async update(
    endpointId: string,
    params: WebhookEndpointUpdateParams,
    options?: MutationOptions,
  ): Promise<WebhookEndpoint> {
    const path = endpointPath(endpointId);
    return this.client.request({ method: "PATCH", path, body: params, options });
  }

  /** Removes an endpoint and its delivery history (`DELETE /v1/webhook-endpoints/{endpointId}`). */
  async delete(endpointId: string, options?: MutationOptions): Promise<WebhookEndpointDeleted> {
    return this.client.request({ method: "DELETE", path: endpointPath(endpointId), options });
  }

  /**
   * Gives an endpoint a new signing secret (`POST /v1/webhook-endpoints/{endpointId}/rotate-secret`).
   *
   * The previous secret keeps signing, beside the new one, until `previousSecretExpiresAt`
   * (24 hours), so receivers can switch without losing a delivery.
   */
  async rotateSecret(endpointId: string, options?: MutationOptions): Promise<WebhookSecretRotated> {
    const path = `${endpointPath(endpointId)}/rotate-secret`;
    return this.client.request({ method: "POST", path, body: {}, options });
  }

  /** Sends an endpoint a `test.ping` event (`POST /v1/webhook-endpoints/{endpointId}/test`). */
  async test(endpointId: string, options?: MutationOptions): Promise<WebhookTestSent> {
    const path = `${endpointPath(endpointId)}/test`;
    return this.client.request({ method: "POST", path, body: {}, options });
  }

  /**
   * An endpoint's deliveries, newest first (`GET /v1/webhook-endpoints/{endpointId}/deliveries`),
   * across all pages; `status` filters.
   */
  listDeliveries(
    endpointId: string,
    params: WebhookDeliveryListParams = {},
    options?: RequestOptions,
  ): Paginator<WebhookDelivery> {
    return this.paginate(`${endpointPath(endpointId)}/deliveries`, params, options);
  }

  /** Fetches a delivery with its attempts (`GET /v1/webhook-deliveries/{deliveryId}`). */
  async retrieveDelivery(
    deliveryId: string,
    options?: RequestOptions,
  ): Promise<WebhookDeliveryDetail> {
    return this.client.request({ method: "GET", path: deliveryPath(deliveryId), options });
  }

  /**
   * Sends a delivery's event again (`POST /v1/webhook-deliveries/{deliveryId}/replay`): the
   * same `data` under a new event id, whose payload names the original in `replayOf`.
   */
  async replay(deliveryId: string, options?: MutationOptions): Promise<WebhookReplay> {
    const path = `${deliveryPath(deliveryId)}/replay`;
    return this.client.request({ method: "POST", path, body: {}, options });
  }
}

const ENDPOINTS = "/v1/webhook-endpoints";

function endpointPath(endpointId: string): string {
  return `${ENDPOINTS}/${segment(endpointId, "endpointId")}`;
}

function deliveryPath(deliveryId: string): string {
  return `/v1/webhook-deliveries/${segment(deliveryId, "deliveryId")}`;
}
