/** Wire bodies for unit tests, shaped as the server sends them. */

export const API_KEY = "lp_test_0123456789ABCDEF_" + "s".repeat(43);
export const BASE_URL = "https://api.test";

export const PROJECT = {
  id: "prj_9cb958b5-11b5-4e30-8675-5d075d52da7c",
  organizationId: "org_2481fa5c-a404-44ed-a561-565392499abc",
  name: "Acme Coffee",
  status: "active",
  customerExternalId: "acme-coffee",
  timezone: "America/Los_Angeles",
  primaryLanguage: "en",
  ownerEmail: "growth@gicgrowth.com",
  appName: "Acme Coffee",
  appDescription: null,
  tagline: "Coffee that shows up before you run out.",
  brandVoice: "warm",
  targetGender: "all",
  platformIosBundleId: null,
  platformAndroidBundleId: null,
  platformWebDomain: null,
  ingestState: { github: null, website: null, appstore: null },
  metadata: null,
  createdAt: "2026-04-18T19:02:11.959888+00:00",
  updatedAt: "2026-04-18T19:02:11.959888+00:00",
} as const;

export const JOB = {
  jobId: "job_01JS3K9Q8W5V2X7Y4Z6A1B3C5D",
  kind: "project_ingest_website",
  status: "running",
  stage: "fetching",
  projectId: PROJECT.id,
  progress: 0.25,
  locationUrl: "/v1/jobs/job_01JS3K9Q8W5V2X7Y4Z6A1B3C5D",
  startedAt: "2026-04-18T19:02:12.000000+00:00",
  result: null,
  error: null,
  finishedAt: null,
} as const;

export const API_KEY_RECORD = {
  id: "key_6b1f0c1e-8a55-4d8f-9d8e-2f6f8b7f4a11",
  organizationId: PROJECT.organizationId,
  name: "ci",
  prefix: "lp_test_0123456789ABCDEF",
  env: "test",
  scopes: ["*"],
  rateLimitTier: "standard",
  killSwitch: false,
  isActive: true,
  createdAt: "2026-04-18T19:00:00.000000+00:00",
  lastUsedAt: null,
  rotatedAt: null,
  revokedAt: null,
  allowedReturnDomains: [],
} as const;

/** The error envelope of `code`. */
export function error(
  code: string,
  details: Record<string, unknown> = {},
  message = `A ${code} error.`,
) {
  return { error: { code, message, requestId: "req_01JS3K9Q8W5V2X7Y4Z6A1B3C5E", details } };
}
