import { APIResource } from "../resource.js";
import { verifyWebhook } from "../webhooks.js";

/** Webhooks: verify the deliveries your endpoint receives. */
export class Webhooks extends APIResource {
  /** {@link verifyWebhook}, reachable from a client: `await layers.webhooks.verify(body, headers, secret)`. */
  readonly verify = verifyWebhook;
}
