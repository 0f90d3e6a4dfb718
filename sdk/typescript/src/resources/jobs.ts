import type { MutationOptions, RequestOptions } from "../core.js";
import { parseBody, segment } from "../core.js";
import { JobWaitTimeoutError } from "../errors.js";
import { APIResource } from "../resource.js";
import type { Job, JobCancelResult, JobStatus } from "../types.js";

/** How {@link Jobs.wait} polls. */
export interface JobWaitOptions {
  /** Milliseconds to wait in all before {@link JobWaitTimeoutError}; default 600 000 (10 min), `Infinity` for no limit. */
  timeout?: number | undefined;
  /** Milliseconds between polls; default 1 000. */
  pollInterval?: number | undefined;
  /** Stops waiting (and any poll in flight) with {@link APIUserAbortError}. */
  signal?: AbortSignal | undefined;
  /** Extra headers for every poll. */
  headers?: Record<string, string> | undefined;
}

/** The statuses a job never leaves. */
export const TERMINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set([
  "completed",
  "failed",
  "canceled",
]);

/** `/v1/jobs/{jobId}`: follow and cancel background jobs. */
export class Jobs extends APIResource {
  /** Fetches a job's current state (`GET /v1/jobs/{jobId}`). */
  async retrieve(jobId: string, options?: RequestOptions): Promise<Job> {
    return this.client.request({ method: "GET", path: jobPath(jobId), options });
  }

  /**
   * Asks for a job to stop at its next stage boundary (`POST /v1/jobs/{jobId}/cancel`).
   *
   * `accepted` is false with `reason: "ALREADY_COMPLETED"` if it had already ended. A stage that
   * cannot be interrupted throws {@link ConflictError} with
   * `details.subcode === "JOB_CANCEL_UNAVAILABLE"`.
   */
  async cancel(jobId: string, options?: MutationOptions): Promise<JobCancelResult> {
    return this.client.request({
      method: "POST",
      path: `${jobPath(jobId)}/cancel`,
      body: {},
      options,
    });
  }

  /**
   * Polls a job until it is `completed`, `failed` or `canceled`, and returns it.
   *
   * A failed or canceled job is returned, not thrown: check `job.status` (and `job.error`).
   * Polls every `pollInterval` ms with `If-None-Match`, so an unchanged job costs the server a
   * `304` and no body. After `timeout` ms throws {@link JobWaitTimeoutError} (carrying the last
   * state seen); the job keeps running on the server. `signal` stops the wait at once with
   * {@link APIUserAbortError}. Each poll has the client's own retries and request timeout.
   */
  async wait(jobId: string, options: JobWaitOptions = {}): Promise<Job> {
    const path = jobPath(jobId);
    const { timeout = 600_000, pollInterval = 1_000, signal } = options;
    const deadline = performance.now() + timeout;
    let job: Job | undefined;
    let etag: string | null = null;
    for (;;) {
      const headers = { ...options.headers, ...(etag ? { "If-None-Match": etag } : {}) };
      const response = await this.client.send({
        method: "GET",
        path,
        options: { headers, signal },
      });
      if (job === undefined || response.status !== 304) {
        // 304: unchanged since the last poll, which is already in `job`
        job = parseBody<Job>(response);
        etag = response.headers.get("etag");
      }
      if (TERMINAL_JOB_STATUSES.has(job.status)) return job;
      const remaining = deadline - performance.now();
      if (remaining <= 0) throw new JobWaitTimeoutError(job, timeout);
      await this.client.sleep(Math.min(pollInterval, remaining), signal);
    }
  }
}

function jobPath(jobId: string): string {
  return `/v1/jobs/${segment(jobId, "jobId")}`;
}
