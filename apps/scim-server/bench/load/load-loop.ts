/**
 * The load generator: `clients` concurrent loops over one undici pool of as many keep-alive connections, each
 * sending its next request as soon as the previous answer has been read in full. A run ends at `maxRequests`
 * or after `maxMs`, whichever comes first. Latency is measured per request from send to last body byte.
 */
import { Pool } from 'undici';
import type { CreatedResource, RequestBuilder } from './request-spec.ts';
import { type LoadSummary, summarize } from './stats.ts';

export interface LoadLimits {
  maxRequests: number;
  maxMs: number;
}

export interface LoadPlan {
  /** e.g. `http://127.0.0.1:40123`. */
  origin: string;
  token: string;
  clients: number;
  warmUp: LoadLimits;
  measure: LoadLimits;
}

export interface ResponseSample {
  status: number;
  contentType: string;
  body: string;
}

export interface LoadResult {
  summary: LoadSummary;
  /** Resources created (201, warm-up included), for the scenarios that follow. */
  created: CreatedResource[];
  /** The first answer with the expected status, so the bare app can answer with a body of the same size. */
  sample?: ResponseSample;
  /** The first few unexpected answers, to say what went wrong. */
  errors: string[];
}

const MAX_REPORTED_ERRORS = 5;

/** `onMeasuring` is called when the warm-up is over and the measured phase starts. */
export async function runLoad(
  plan: LoadPlan,
  build: RequestBuilder,
  onMeasuring: () => void = () => {},
): Promise<LoadResult> {
  const pool = new Pool(plan.origin, { connections: plan.clients, pipelining: 1 });
  const created: CreatedResource[] = [];
  const errors: string[] = [];
  let sample: ResponseSample | undefined;
  const headers = {
    authorization: `Bearer ${plan.token}`,
    'content-type': 'application/scim+json',
    accept: 'application/scim+json',
  };
  // Each client keeps its own sequence across phases, so a group keeps growing and userNames stay unique.
  const nextSeq = new Array<number>(plan.clients).fill(0);

  async function phase(limits: LoadLimits): Promise<LoadSummary> {
    const latencies: number[] = [];
    let failures = 0;
    let issued = 0;
    const started = performance.now();
    const deadline = started + limits.maxMs;
    const client = async (index: number) => {
      while (issued < limits.maxRequests && performance.now() < deadline) {
        const requestIndex = issued++;
        const seq = nextSeq[index] ?? 0;
        nextSeq[index] = seq + 1;
        const spec = build(index, seq, requestIndex);
        const sent = performance.now();
        try {
          const response = await pool.request({
            method: spec.method,
            path: `/scim/v2${spec.path}`,
            headers,
            ...(spec.body !== undefined ? { body: spec.body } : {}),
          });
          const text = await response.body.text();
          latencies.push(performance.now() - sent);
          if (response.statusCode !== spec.expectStatus) {
            failures++;
            if (errors.length < MAX_REPORTED_ERRORS)
              errors.push(`${spec.method} ${spec.path}: ${response.statusCode} ${text.slice(0, 300)}`);
            continue;
          }
          sample ??= {
            status: response.statusCode,
            contentType: String(response.headers['content-type'] ?? ''),
            body: text,
          };
          if (response.statusCode === 201) {
            const { id, userName, displayName } = JSON.parse(text) as Record<string, unknown>;
            const name = typeof userName === 'string' ? userName : displayName;
            if (typeof id === 'string' && typeof name === 'string') created.push({ id, name });
          }
        } catch (error) {
          failures++;
          latencies.push(performance.now() - sent);
          if (errors.length < MAX_REPORTED_ERRORS)
            errors.push(`${spec.method} ${spec.path}: ${String(error)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: plan.clients }, (_, index) => client(index)));
    return summarize(latencies, failures, (performance.now() - started) / 1000);
  }

  try {
    if (plan.warmUp.maxRequests > 0) await phase(plan.warmUp);
    onMeasuring();
    const summary = await phase(plan.measure);
    return { summary, created, errors, ...(sample ? { sample } : {}) };
  } finally {
    await pool.close();
  }
}
