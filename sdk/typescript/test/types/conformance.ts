/**
 * The SDK's hand-written types against the types generated from the server's OpenAPI document
 * (`test/generated/openapi.ts`), route by route. `tsc -p test` fails, naming the field, when
 * either side adds, removes or retypes one. Routes are looked up by path and method, so the
 * check does not depend on how the server names its schemas or operations.
 */

import type * as sdk from "layers-sdk";

import type { paths } from "../generated/openapi.ts";
import type { Drift, Equal, NoDrift } from "./drift.ts";

type Operation<P extends string, M extends string> = P extends keyof paths
  ? M extends keyof paths[P]
    ? NonNullable<paths[P][M]>
    : never
  : never;

/** The JSON body the server answers `status` with. */
type Answer<P extends string, M extends string, S extends number> =
  Operation<P, M> extends {
    responses: { [K in S]: { content: { "application/json": infer Body } } };
  }
    ? Body
    : never;

/** The JSON body the server accepts. */
type RequestBody<P extends string, M extends string> =
  NonNullable<Operation<P, M> extends { requestBody?: infer Body } ? Body : never> extends {
    content: { "application/json": infer Json };
  }
    ? Json
    : never;

/** The query the server accepts; a query string cannot carry null, so `| null` is dropped. */
type QueryOf<P extends string, M extends string> =
  NonNullable<
    Operation<P, M> extends { parameters: { query?: infer Query } } ? Query : never
  > extends infer Q
    ? { [K in keyof Q]: Exclude<Q[K], null> }
    : never;

// prettier-ignore
export type Checks = [
  NoDrift<Drift<sdk.ProjectCreateParams, RequestBody<"/v1/projects", "post">, "ProjectCreateParams">>,
  NoDrift<Drift<sdk.Project, Answer<"/v1/projects", "post", 201>, "Project">>,
  NoDrift<Drift<sdk.ProjectListParams, QueryOf<"/v1/projects", "get">, "ProjectListParams">>,
  NoDrift<Drift<sdk.Page<sdk.Project>, Answer<"/v1/projects", "get", 200>, "Page<Project>">>,
  NoDrift<Drift<sdk.ProjectDetail, Answer<"/v1/projects/{projectId}", "get", 200>, "ProjectDetail">>,
  NoDrift<Drift<sdk.ProjectUpdateParams, RequestBody<"/v1/projects/{projectId}", "patch">, "ProjectUpdateParams">>,
  NoDrift<Drift<sdk.ProjectDetail, Answer<"/v1/projects/{projectId}", "patch", 200>, "ProjectDetail (PATCH)">>,
  NoDrift<Drift<sdk.ProjectArchived, Answer<"/v1/projects/{projectId}", "delete", 200>, "ProjectArchived">>,
  NoDrift<Drift<sdk.Whoami, Answer<"/v1/whoami", "get", 200>, "Whoami">>,
  NoDrift<Drift<sdk.Job, Answer<"/v1/jobs/{jobId}", "get", 200>, "Job">>,
  NoDrift<Drift<sdk.JobCancelResult, Answer<"/v1/jobs/{jobId}/cancel", "post", 202>, "JobCancelResult (202)">>,
  NoDrift<Drift<sdk.JobCancelResult, Answer<"/v1/jobs/{jobId}/cancel", "post", 200>, "JobCancelResult (200)">>,
  NoDrift<Drift<sdk.WebsiteIngestParams, RequestBody<"/v1/projects/{projectId}/ingest/website", "post">, "WebsiteIngestParams">>,
  NoDrift<Drift<sdk.JobStarted, Answer<"/v1/projects/{projectId}/ingest/website", "post", 202>, "JobStarted (website)">>,
  NoDrift<Drift<sdk.AppStoreIngestParams, RequestBody<"/v1/projects/{projectId}/ingest/appstore", "post">, "AppStoreIngestParams">>,
  NoDrift<Drift<sdk.JobStarted, Answer<"/v1/projects/{projectId}/ingest/appstore", "post", 202>, "JobStarted (appstore)">>,
  NoDrift<Drift<sdk.KeywordBank, Answer<"/v1/projects/{projectId}/keywords", "get", 200>, "KeywordBank">>,
  NoDrift<Drift<sdk.JobStarted, Answer<"/v1/projects/{projectId}/keywords/refresh", "post", 202>, "JobStarted (keywords)">>,
  NoDrift<Drift<sdk.InfluencerListParams, QueryOf<"/v1/projects/{projectId}/influencers", "get">, "InfluencerListParams">>,
  NoDrift<Drift<sdk.Page<sdk.InfluencerListItem>, Answer<"/v1/projects/{projectId}/influencers", "get", 200>, "Page<Influencer>">>,
  NoDrift<Drift<sdk.InfluencerCreateParams, RequestBody<"/v1/projects/{projectId}/influencers", "post">, "InfluencerCreateParams">>,
  NoDrift<Drift<sdk.InfluencerStarted, Answer<"/v1/projects/{projectId}/influencers", "post", 202>, "InfluencerStarted">>,
  NoDrift<Drift<sdk.Influencer, Answer<"/v1/influencers/{influencerId}", "get", 200>, "Influencer">>,
  NoDrift<Drift<sdk.InfluencerUpdateParams, RequestBody<"/v1/influencers/{influencerId}", "patch">, "InfluencerUpdateParams">>,
  NoDrift<Drift<sdk.Influencer, Answer<"/v1/influencers/{influencerId}", "patch", 200>, "Influencer (PATCH)">>,
  NoDrift<Drift<sdk.InfluencerDeleted, Answer<"/v1/influencers/{influencerId}", "delete", 200>, "InfluencerDeleted">>,
  NoDrift<Drift<sdk.ApiKeyKilled, Answer<"/v1/api-keys/{keyId}/kill", "post", 200>, "ApiKeyKilled">>,
  NoDrift<Drift<sdk.ApiKeyRotated, Answer<"/v1/api-keys/{keyId}/rotate", "post", 200>, "ApiKeyRotated">>,
  NoDrift<Drift<sdk.ApiKeyDeleted, Answer<"/v1/api-keys/{keyId}", "delete", 200>, "ApiKeyDeleted">>,
  NoDrift<Drift<sdk.HooksBank, Answer<"/v1/projects/{projectId}/content/hooks", "get", 200>, "HooksBank">>,
  NoDrift<Drift<sdk.WebhookEndpointCreateParams, RequestBody<"/v1/webhook-endpoints", "post">, "WebhookEndpointCreateParams">>,
  NoDrift<Drift<sdk.WebhookEndpointCreated, Answer<"/v1/webhook-endpoints", "post", 201>, "WebhookEndpointCreated">>,
  NoDrift<Drift<sdk.ListParams, QueryOf<"/v1/webhook-endpoints", "get">, "ListParams (webhook endpoints)">>,
  NoDrift<Drift<sdk.Page<sdk.WebhookEndpoint>, Answer<"/v1/webhook-endpoints", "get", 200>, "Page<WebhookEndpoint>">>,
  NoDrift<Drift<sdk.WebhookEndpoint, Answer<"/v1/webhook-endpoints/{endpointId}", "get", 200>, "WebhookEndpoint">>,
  NoDrift<Drift<sdk.WebhookEndpointUpdateParams, RequestBody<"/v1/webhook-endpoints/{endpointId}", "patch">, "WebhookEndpointUpdateParams">>,
  NoDrift<Drift<sdk.WebhookEndpoint, Answer<"/v1/webhook-endpoints/{endpointId}", "patch", 200>, "WebhookEndpoint (PATCH)">>,
  NoDrift<Drift<sdk.WebhookEndpointDeleted, Answer<"/v1/webhook-endpoints/{endpointId}", "delete", 200>, "WebhookEndpointDeleted">>,
  NoDrift<Drift<sdk.WebhookSecretRotated, Answer<"/v1/webhook-endpoints/{endpointId}/rotate-secret", "post", 200>, "WebhookSecretRotated">>,
  NoDrift<Drift<sdk.WebhookTestSent, Answer<"/v1/webhook-endpoints/{endpointId}/test", "post", 202>, "WebhookTestSent">>,
  NoDrift<Drift<sdk.WebhookDeliveryListParams, QueryOf<"/v1/webhook-endpoints/{endpointId}/deliveries", "get">, "WebhookDeliveryListParams">>,
  NoDrift<Drift<sdk.Page<sdk.WebhookDelivery>, Answer<"/v1/webhook-endpoints/{endpointId}/deliveries", "get", 200>, "Page<WebhookDelivery>">>,
  NoDrift<Drift<sdk.WebhookDeliveryDetail, Answer<"/v1/webhook-deliveries/{deliveryId}", "get", 200>, "WebhookDeliveryDetail">>,
  NoDrift<Drift<sdk.WebhookReplay, Answer<"/v1/webhook-deliveries/{deliveryId}/replay", "post", 200>, "WebhookReplay">>,
  NoDrift<Drift<sdk.GitHubIngestParams, RequestBody<"/v1/projects/{projectId}/ingest/github", "post">, "GitHubIngestParams">>,
  NoDrift<Drift<sdk.JobStarted, Answer<"/v1/projects/{projectId}/ingest/github", "post", 202>, "JobStarted (github)">>,
  NoDrift<Drift<{ returnUrl: string; state?: string }, QueryOf<"/v1/github/installation/install-url", "get">, "installUrl query">>,
  NoDrift<Drift<sdk.GitHubInstallUrl, Answer<"/v1/github/installation/install-url", "get", 200>, "GitHubInstallUrl">>,
  NoDrift<Drift<{ installationId: number; state: string }, RequestBody<"/v1/github/installation", "post">, "registerInstallation body">>,
  NoDrift<Drift<sdk.GitHubInstallation, Answer<"/v1/github/installation", "post", 201>, "GitHubInstallation (201)">>,
  NoDrift<Drift<sdk.GitHubInstallation, Answer<"/v1/github/installation", "post", 200>, "GitHubInstallation (200)">>,
  NoDrift<Drift<sdk.GitHubInstallation, Answer<"/v1/github/installation", "get", 200>, "GitHubInstallation">>,
];

/** Every partner route of the document is checked above (or listed here with the reason it is not). */
type CheckedRoutes =
  | "/v1/projects"
  | "/v1/projects/{projectId}"
  | "/v1/whoami"
  | "/v1/jobs/{jobId}"
  | "/v1/jobs/{jobId}/cancel"
  | "/v1/projects/{projectId}/ingest/website"
  | "/v1/projects/{projectId}/ingest/appstore"
  | "/v1/projects/{projectId}/keywords"
  | "/v1/projects/{projectId}/keywords/refresh"
  | "/v1/projects/{projectId}/influencers"
  | "/v1/influencers/{influencerId}"
  | "/v1/projects/{projectId}/content/hooks"
  | "/v1/api-keys/{keyId}/kill"
  | "/v1/api-keys/{keyId}/rotate"
  | "/v1/api-keys/{keyId}"
  | "/v1/webhook-endpoints"
  | "/v1/webhook-endpoints/{endpointId}"
  | "/v1/webhook-endpoints/{endpointId}/rotate-secret"
  | "/v1/webhook-endpoints/{endpointId}/test"
  | "/v1/webhook-endpoints/{endpointId}/deliveries"
  | "/v1/webhook-deliveries/{deliveryId}"
  | "/v1/webhook-deliveries/{deliveryId}/replay"
  | "/v1/projects/{projectId}/ingest/github"
  | "/v1/github/installation/install-url"
  | "/v1/github/installation";
type NotPartnerRoutes = "/healthz" | "/readyz"; // operators' probes, not part of the SDK
export type EveryRouteChecked = NoDrift<Exclude<keyof paths, CheckedRoutes | NotPartnerRoutes>>;
export type NoStaleRoute = NoDrift<Exclude<CheckedRoutes, keyof paths>>;

// The checker itself must be able to fail: each drift below is caught, with its message.
type Base = {
  id: string;
  name: string | null;
  tags: string[];
  meta: { [key: string]: unknown } | null;
};
export type CheckerCatches = [
  Expect<Equal<Drift<Base, Base & { [key: string]: unknown }, "T">, never>>,
  Expect<
    Equal<
      Drift<Omit<Base, "tags">, Base, "T">,
      "T.tags: the server has it, the SDK's type does not"
    >
  >,
  Expect<
    Equal<
      Drift<Base & { extra: 1 }, Base, "T">,
      "T.extra: the SDK's type has it, the server does not"
    >
  >,
  Expect<
    Equal<
      Drift<Omit<Base, "name"> & { name: string }, Base, "T">,
      "T.name: the server may send null, the SDK's type does not allow it"
    >
  >,
  Expect<
    Equal<Drift<Omit<Base, "tags"> & { tags: number[] }, Base, "T">, "T.tags[]: the types differ">
  >,
  Expect<
    Equal<
      Drift<Omit<Base, "id"> & { id?: string }, Base, "T">,
      "T.id: required on the server, optional in the SDK's type"
    >
  >,
  Expect<Equal<Drift<Omit<Base, "meta"> & { meta: { a: string } | null }, Base, "T">, never>>,
  Expect<
    Equal<
      Drift<Omit<Base, "meta"> & { meta: string | null }, Base, "T">,
      "T.meta: the server sends an open object the SDK's type does not fit"
    >
  >,
];
type Expect<T extends true> = T;
