/**
 * TypeScript SDK for the Layers Partner API.
 *
 * ```ts
 * import { Layers } from "layers-sdk";
 *
 * const layers = new Layers(); // apiKey from LAYERS_API_KEY
 * for await (const project of layers.projects.list()) console.log(project.id, project.name);
 * ```
 *
 * @packageDocumentation
 */

export { Layers } from "./client.js";
export { APIClient, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from "./core.js";
export type { ClientOptions, Fetch, MutationOptions, RequestOptions } from "./core.js";
export {
  APIConnectionError,
  APIResponseValidationError,
  APIStatusError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  ConflictError,
  IdempotencyConflictError,
  IdempotencyInProgressError,
  InternalServerError,
  JobWaitTimeoutError,
  KillSwitchError,
  LayersError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  ValidationError,
  ValidationError as APIValidationError,
} from "./errors.js";
export { Paginator } from "./pagination.js";
export { APIResource } from "./resource.js";
export { ApiKeys } from "./resources/api-keys.js";
export { GitHub } from "./resources/github.js";
export { Hooks } from "./resources/hooks.js";
export { Influencers } from "./resources/influencers.js";
export { Ingest } from "./resources/ingest.js";
export { Jobs, TERMINAL_JOB_STATUSES } from "./resources/jobs.js";
export type { JobWaitOptions } from "./resources/jobs.js";
export { Keywords } from "./resources/keywords.js";
export { Projects } from "./resources/projects.js";
export { Webhooks } from "./resources/webhooks.js";
export type * from "./types.js";
export { VERSION } from "./version.js";
export { DEFAULT_TOLERANCE_SECONDS, WebhookVerificationError, verifyWebhook } from "./webhooks.js";
export type { WebhookEvent, WebhookHeaders, WebhookVerifyOptions } from "./webhooks.js";
