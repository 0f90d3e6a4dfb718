/**
 * The API's request and response shapes, as they are on the wire (camelCase JSON).
 *
 * Written by hand for their documentation, and checked against the types generated from the
 * server's OpenAPI document by the test suite (`test/types/conformance.ts`): a field added,
 * removed or retyped on either side fails the build. Timestamps are ISO-8601 strings with an
 * explicit offset, exactly as sent (`2026-04-18T19:02:11.959888+00:00`). The API may add
 * fields at any time; code should ignore those it does not know.
 *
 * @module
 */

/** A caption tone preset. */
export type BrandVoice = "authentic" | "witty" | "professional" | "warm" | "casual" | "educational";
/** The audience gender of a project. */
export type TargetGender = "all" | "female" | "male";
/** Whether a project is live or soft-archived. */
export type ProjectStatus = "active" | "archived";
/** An influencer persona's gender. */
export type InfluencerGender = "male" | "female" | "non_binary";
/** An influencer persona's age bracket. */
export type AgeRange = "teen" | "young_adult" | "adult" | "mid_adult" | "mature" | "senior";
/** Where an influencer is in its creation. */
export type InfluencerStatus = "pending" | "training" | "ready" | "failed";
/** Where a job is; the last three are terminal and never change again. */
export type JobStatus = "running" | "completed" | "failed" | "canceled";

/** A JSON object the API stores and returns unchanged (`metadata`), or an open record. */
export type JsonObject = { [key: string]: unknown };

/** One page of a list: its `items` and the cursor of the next page (`null` on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The state of one ingestion source of a project (sources may add fields of their own). */
export type IngestSource = {
  status: string;
  jobId: string;
  completedAt: string | null;
  [key: string]: unknown;
};

/** Per-source ingestion state; a source never ingested is `null`. */
export interface IngestState {
  github: IngestSource | null;
  website: IngestSource | null;
  appstore: IngestSource | null;
}

/** A project: one end-customer's brand context and everything generated for it. */
export interface Project {
  /** `prj_<uuid>`. */
  id: string;
  /** `org_<uuid>` of the organization owning it. */
  organizationId: string;
  /** Internal display name, 3–30 chars. */
  name: string;
  status: ProjectStatus;
  /** Your own handle for the customer; unique in your organization. */
  customerExternalId: string | null;
  /** IANA time zone. */
  timezone: string;
  /** BCP-47 tag in canonical case, e.g. `pt-BR`. */
  primaryLanguage: string;
  ownerEmail: string | null;
  appName: string | null;
  appDescription: string | null;
  tagline: string | null;
  brandVoice: string;
  targetGender: string;
  platformIosBundleId: string | null;
  platformAndroidBundleId: string | null;
  platformWebDomain: string | null;
  ingestState: IngestState;
  /** Your opaque JSON, round-tripped unchanged. */
  metadata: JsonObject | null;
  createdAt: string;
  updatedAt: string;
}

/** What one ingestion source found, with the job that found it (plus findings of its own). */
export type BrandContextSource = {
  jobId: string;
  completedAt: string;
  [finding: string]: unknown;
};

/**
 * What ingestion learned about a brand. Every summary field is present (`null` or `[]` when
 * unknown) and comes from the newest source that knows it; `sources` keeps each source's
 * full findings.
 */
export type BrandContext = {
  appName: string | null;
  appDescription: string | null;
  tagline: string | null;
  audience: string | null;
  /** The ideal customer profile; `null` while no source learns one distinct from `audience`. */
  icp: string | null;
  brandVoice: string | null;
  keywords: string[];
  /** The language the source declares (a website's `<html lang>`), not the project's. */
  primaryLanguage: string | null;
  logoUrl: string | null;
  /** By source: `website`, `appstore`, `github`. */
  sources: { [source: string]: BrandContextSource };
  updatedAt: string | null;
  [field: string]: unknown;
};

/** A project as `projects.retrieve` and `projects.update` return it: with what ingestion learned. */
export interface ProjectDetail extends Project {
  /** What ingestion learned about the brand, or `null` before any ingestion completed. */
  brandContext: BrandContext | null;
}

/** The answer to `projects.archive`: the project is soft-archived, its data kept. */
export interface ProjectArchived {
  id: string;
  status: "archived";
  archivedAt: string;
  canceledScheduledPosts: number;
}

/** The body of `projects.create`. Fields left out take the server's defaults. */
export interface ProjectCreateParams {
  /** Internal display name, 3–30 chars. */
  name: string;
  /** Your customer handle; unique per organization (a duplicate is a `ConflictError`). */
  customerExternalId?: string | null;
  /** Notification email; defaults to the API key owner's. */
  ownerEmail?: string | null;
  /** IANA time zone; `"UTC"` if you have no preference. */
  timezone: string;
  /** BCP-47 tag; default `en`. */
  primaryLanguage?: string;
  /** Product name the generator anchors on, 3–30 chars. */
  appName?: string | null;
  /** Product pitch, 100–1000 chars; giving it starts keyword research and the first influencer. */
  appDescription?: string | null;
  /** One-liner, at most 80 chars. */
  tagline?: string | null;
  /** Default `authentic`. */
  brandVoice?: BrandVoice;
  /** Default `all`. */
  targetGender?: TargetGender;
  /** Opaque JSON, at most 8 KB serialized. */
  metadata?: JsonObject | null;
}

/**
 * The body of `projects.update`: any subset of the fields.
 *
 * A property left out (or `undefined`) is not sent and stays as it is; `null` is sent and
 * clears the field (`customerExternalId`, `appName`, `appDescription`, `tagline`, `metadata`).
 */
export interface ProjectUpdateParams {
  name?: string;
  /** `"active"` restores an archived project. */
  status?: ProjectStatus;
  ownerEmail?: string;
  timezone?: string;
  primaryLanguage?: string;
  customerExternalId?: string | null;
  appName?: string | null;
  /** A changed, non-empty description re-runs keyword research. */
  appDescription?: string | null;
  tagline?: string | null;
  brandVoice?: BrandVoice;
  targetGender?: TargetGender;
  /** Replaced whole. */
  metadata?: JsonObject | null;
}

/** Query of `projects.list` (besides `limit` and `cursor`). */
export interface ProjectListParams extends ListParams {
  status?: ProjectStatus;
  /** Case-insensitive substring of the name. */
  search?: string;
  /** Exact match; at most one project has it. */
  customerExternalId?: string;
}

/** Paging parameters every list accepts. */
export interface ListParams {
  /** Page size (not a cap on the total). */
  limit?: number;
  /** Resume from a saved `Page.nextCursor`. */
  cursor?: string;
}

/** The organization, scopes and tier of the API key making the call. */
export interface Whoami {
  organizationId: string;
  /** Equal to `organizationId`. */
  workspaceId: string;
  organizationName: string;
  parentOrganizationId: string | null;
  scopes: string[];
  rateLimitTier: string;
  apiKeyId: string;
  /** `null`: no credits ledger exists yet. */
  creditBalance: number | null;
}

/** An API key's public record (never its secret). */
export interface ApiKey {
  /** `key_<uuid>`. */
  id: string;
  organizationId: string;
  name: string;
  /** `lp_<env>_<keyId>`: the public part of the key, safe to log. */
  prefix: string;
  env: string;
  scopes: string[];
  rateLimitTier: string;
  killSwitch: boolean;
  isActive: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  rotatedAt: string | null;
  revokedAt: string | null;
  /** Hosts a browser hand-off (the GitHub install URL's `returnUrl`) may send the user back to. */
  allowedReturnDomains: string[];
}

/** The answer to `apiKeys.kill`. */
export interface ApiKeyKilled {
  apiKey: ApiKey;
  killed: true;
}

/** The answer to `apiKeys.rotate`: the new full key, shown this once. */
export interface ApiKeyRotated {
  apiKey: ApiKey;
  /** The new full key (`lp_…`). Store it now: it cannot be retrieved again. */
  secret: string;
  warning: string;
}

/** The answer to `apiKeys.delete`. */
export interface ApiKeyDeleted {
  apiKey: ApiKey;
  deleted: true;
}

/** The `202` answer of a call that starts a background job. */
export interface JobStarted {
  /** `job_<ULID>`; follow it with `jobs.retrieve` or `jobs.wait`. */
  jobId: string;
  kind: string;
  status: "running";
  stage: string;
  projectId: string | null;
  /** `/v1/jobs/<jobId>`. */
  locationUrl: string;
  startedAt: string;
}

/** The `202` answer of `influencers.create`: the job, and the influencer it is creating. */
export interface InfluencerStarted extends JobStarted {
  influencerId: string;
}

/** Why a job failed. */
export interface JobError {
  code: string;
  message: string;
}

/** A background job's current state. */
export interface Job {
  jobId: string;
  kind: string;
  status: JobStatus;
  stage: string;
  projectId: string | null;
  /** 0–1, never decreasing. */
  progress: number;
  locationUrl: string;
  startedAt: string;
  /** Set when `completed`. */
  result: JsonObject | null;
  /** Set when `failed`. */
  error: JobError | null;
  /** Set in every terminal state. */
  finishedAt: string | null;
}

/** The answer to `jobs.cancel`; `accepted` is false when the job had already ended. */
export interface JobCancelResult {
  jobId: string;
  accepted: boolean;
  /** `"ALREADY_COMPLETED"` when not accepted. */
  reason?: string | null;
}

/** One entry of a keyword bank. Counts are `null` when no trend source is configured. */
export interface Hashtag {
  /** Without the `#`. */
  hashtag: string;
  phrase: string;
  /** 70–100. */
  score: number;
  viewCount: number | null;
  useCount: number | null;
}

/** A project's hashtag bank, best score first; empty until the first research finishes. */
export interface KeywordBank {
  projectId: string;
  hashtags: Hashtag[];
  refreshedAt: string | null;
}

/** An AI influencer persona; `imageUrl` stays `null` until `status` is `"ready"`. */
export interface Influencer {
  influencerId: string;
  projectId: string;
  name: string | null;
  imageUrl: string | null;
  gender: string;
  /** `null` once cleared with `influencers.update(id, { ageRange: null })`. */
  ageRange: string | null;
  brandVoice: string;
  language: string;
  status: InfluencerStatus;
  /** Why it failed, when `status` is `"failed"`. */
  errorMessage: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An influencer as `influencers.list` returns it: with a small rendition of the portrait. */
export interface InfluencerListItem extends Influencer {
  /** A small PNG of the portrait; `null` until `status` is `"ready"`. */
  thumbnailUrl: string | null;
}

/** The body of `influencers.create`. */
export interface InfluencerCreateParams {
  /** Default: the project's target gender when female or male, else female. */
  gender?: InfluencerGender | null;
  /** Default `young_adult`. */
  ageRange?: AgeRange;
  /** Steers the persona, 1–2000 chars. */
  prompt?: string | null;
}

/** The body of `influencers.update`: only the properties given are sent. */
export interface InfluencerUpdateParams {
  name?: string;
  gender?: InfluencerGender;
  /** `null` clears it. */
  ageRange?: AgeRange | null;
  brandVoice?: BrandVoice;
  language?: string;
}

/** Query of `influencers.list` (besides `limit` and `cursor`). */
export interface InfluencerListParams extends ListParams {
  status?: InfluencerStatus;
}

/** The answer to `influencers.delete` (a soft delete). */
export interface InfluencerDeleted {
  influencerId: string;
  status: "deleted";
  deletedAt: string;
}

/**
 * A freshly written bank of short hooks in the project's voice and language.
 *
 * A setup/payoff break inside a hook is the two characters `\n` (backslash, n), not a
 * newline, exactly as the API sends it.
 */
export interface HooksBank {
  projectId: string;
  appName: string;
  brandVoice: string;
  language: string;
  generatedAt: string;
  hooks: string[];
}

/** The body of `ingest.website`. */
export interface WebsiteIngestParams {
  /** Absolute http(s) URL. */
  url: string;
  /** Default false. */
  followLinks?: boolean;
  /** 1–25, default 1. */
  maxPages?: number;
}

/** A platform the GitHub ingestion knows how to set the Layers SDK up for. */
export type GitHubPlatform = "ios" | "android" | "web" | "react-native" | "flutter" | "expo";

/** The body of `ingest.github`. */
export interface GitHubIngestParams {
  /** `owner/name` of a repository the organization's installation can see. */
  repoFullName: string;
  /** Default: the repository's default branch. */
  branch?: string | null;
  /** Default true; `false` stops after the patch and returns it as a diff in the job result. */
  openPR?: boolean;
  /** Default: the platforms detected in the repository. */
  platforms?: GitHubPlatform[] | null;
  /** What goes into the generated `layers.config.json`. */
  sdkConfig?: {
    appName?: string | null;
    includePlatforms?: GitHubPlatform[] | null;
    eventAllowlist?: string[] | null;
  } | null;
  /** Default `chore: instrument with Layers SDK`. */
  prTitle?: string;
  /** Appended to the brand context the pull request describes. */
  prBody?: string | null;
}

/** The answer to `github.installUrl`: where to send the user to install the Layers GitHub App. */
export interface GitHubInstallUrl {
  authUrl: string;
  /** The same URL as `authUrl`. */
  installUrl: string;
  /** Comes back with the browser; pass it to `github.registerInstallation`. */
  state: string;
  /** The state lives 15 minutes. */
  expiresAt: string;
}

/** The organization's GitHub App installation. */
export interface GitHubInstallation {
  installationId: number;
  githubAccount: { login: string; type: "Organization" | "User" };
  orgLogin: string;
  /** `uninstalled` once GitHub no longer knows the installation. */
  status: "active" | "uninstalled";
  registeredAt: string;
  lastVerifiedAt: string;
  /** Set for test keys, whose GitHub calls never leave the machine. */
  sandbox?: boolean | null;
}

/** The body of `ingest.appstore`: at least one of the first three. */
export interface AppStoreIngestParams {
  iosBundleId?: string | null;
  androidPackage?: string | null;
  appStoreUrl?: string | null;
  /** ISO 3166-1 alpha-2, default `us`. */
  countryCode?: string;
}

/** The events an endpoint can subscribe to (`test.ping` is sent by `webhooks.test` only). */
export type WebhookEventType =
  | "job.completed"
  | "job.failed"
  | "job.canceled"
  | "project.created"
  | "project.updated"
  | "project.archived"
  | "keywords.refreshed"
  | "influencer.ready"
  | "influencer.failed";

/** Where a webhook endpoint is: `auto_paused` after too many failures in a row. */
export type WebhookEndpointStatus = "active" | "disabled" | "auto_paused";

/** Where a delivery is; `held` ones wait for a paused or disabled endpoint to be active again. */
export type WebhookDeliveryStatus = "pending" | "succeeded" | "failed" | "abandoned" | "held";

/** A URL of yours that receives events. */
export interface WebhookEndpoint {
  /** `whe_<uuid>`. */
  endpointId: string;
  url: string;
  events: string[];
  /** When set, only this project's events are sent. */
  projectId: string | null;
  description: string | null;
  metadata: JsonObject | null;
  status: WebhookEndpointStatus;
  apiVersion: "v1";
  consecutiveFailureCount: number;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The answer to `webhooks.create`: the endpoint and its signing secret, shown once. */
export interface WebhookEndpointCreated {
  endpoint: WebhookEndpoint;
  /** `whsec_…`: what `verifyWebhook` needs. Store it now; it is not shown again. */
  signingSecret: string;
}

/** The body of `webhooks.create`. */
export interface WebhookEndpointCreateParams {
  /** Absolute `https` URL (plain `http` only where the operator allows private addresses). */
  url: string;
  /** 1–50 distinct event types. */
  events: WebhookEventType[];
  /** Only this project's events; default: every project's. */
  projectId?: string | null;
  /** At most 256 chars. */
  description?: string | null;
  /** Opaque JSON, at most 8 KB serialized. */
  metadata?: JsonObject | null;
}

/**
 * The body of `webhooks.update`: only the properties given are sent; `null` clears
 * `description` or `metadata`. `status: "active"` resumes a paused or disabled endpoint (and
 * sends what it held); `"disabled"` stops deliveries.
 */
export interface WebhookEndpointUpdateParams {
  url?: string;
  events?: WebhookEventType[];
  description?: string | null;
  metadata?: JsonObject | null;
  status?: "active" | "disabled";
}

/** The answer to `webhooks.delete`: the endpoint and its delivery history are gone. */
export interface WebhookEndpointDeleted {
  endpointId: string;
  deleted: true;
}

/** The answer to `webhooks.rotateSecret`. */
export interface WebhookSecretRotated {
  endpointId: string;
  /** The new `whsec_…`, shown once. */
  signingSecret: string;
  /** Until then the previous secret keeps signing, beside the new one. */
  previousSecretExpiresAt: string;
  warning: string;
}

/** The answer to `webhooks.test`: a `test.ping` is on its way. */
export interface WebhookTestSent {
  deliveryId: string;
  eventId: string;
}

/** One event's delivery to one endpoint. */
export interface WebhookDelivery {
  /** `whd_<uuid>`. */
  deliveryId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastResponseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** One attempt of a delivery. */
export interface WebhookAttempt {
  attemptedAt: string;
  /** `null` when no answer came (timeout, refused connection). */
  responseStatus: number | null;
  durationMs: number;
  error: string | null;
}

/** A delivery with every attempt made so far. */
export interface WebhookDeliveryDetail extends WebhookDelivery {
  attempts: WebhookAttempt[];
}

/** Query of `webhooks.listDeliveries` (besides `limit` and `cursor`). */
export interface WebhookDeliveryListParams extends ListParams {
  status?: WebhookDeliveryStatus;
}

/** The answer to `webhooks.replay`: the same data, sent again under a new event id. */
export interface WebhookReplay {
  originalDeliveryId: string;
  replayDeliveryId: string;
  scheduledAt: string;
}
