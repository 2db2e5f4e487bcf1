/**
 * The throughput benchmark on one database: the real app and the bare app side by side in this process, each
 * scenario run against the real app first (its first answer becomes the bare app's canned answer) and then
 * against the bare app, with the same clients, limits and warm-up.
 */
import { openStore, type Store } from '@scim-connector/store';
import { type BenchDatabaseKind, createBenchDatabase } from '../bench-database.ts';
import type { LoadLimits, LoadPlan } from '../load/load-loop.ts';
import { loadInWorker } from '../load/run-in-worker.ts';
import type { LoadSummary } from '../load/stats.ts';
import { profiled } from './cpu-profile.ts';
import {
  type BenchFixture,
  type BenchUser,
  MEMBERS_PER_PATCH,
  SCENARIOS,
  type ScenarioName,
} from './scenarios.ts';
import { seedUsers } from './seed.ts';
import { startBareTarget, startScimTarget, type Target } from './targets.ts';

export const CLIENTS = 16;

export interface ScenarioLimits {
  warmUp: LoadLimits;
  measure: LoadLimits;
}

/** Request counts bound the long scenarios; the time limit bounds a slow server. */
export function defaultLimits(scale = 1): Record<ScenarioName, ScenarioLimits> {
  const limits = (warmUp: number, requests: number, seconds: number): ScenarioLimits => ({
    warmUp: { maxRequests: Math.ceil(warmUp * scale), maxMs: 5_000 },
    measure: { maxRequests: Math.ceil(requests * scale), maxMs: seconds * 1000 },
  });
  return {
    'create-user': limits(500, 5_000, 10),
    'filter-users': limits(500, 5_000, 10),
    'patch-user': limits(500, 5_000, 10),
    // 100 requests per client: every group grows from 0 to 10,000 members.
    'add-group-members': limits(2 * CLIENTS, 98 * CLIENTS, 20),
    'list-groups': limits(500, 5_000, 10),
  };
}

export interface ScenarioResult {
  scenario: ScenarioName;
  scim: LoadSummary;
  bare: LoadSummary;
  /** scim req/s divided by bare req/s. */
  ratio: number;
  /** Server main-thread CPU ms per request, real app and bare app. */
  scimCpuMs: number;
  bareCpuMs: number;
  errors: string[];
}

export interface ThroughputResult {
  database: BenchDatabaseKind;
  description: string;
  scenarios: ScenarioResult[];
}

export async function runThroughputSuite(
  kind: BenchDatabaseKind,
  options: {
    scale?: number;
    scenarios?: readonly ScenarioName[];
    /** A folder for CPU profiles of the real app and the bare app per scenario. */
    profileDir?: string;
    log?: (line: string) => void;
  } = {},
): Promise<ThroughputResult> {
  const log = options.log ?? (() => {});
  const limits = defaultLimits(options.scale);
  const database = await createBenchDatabase(kind, 'throughput');
  let store: Store | undefined;
  const targets: Target[] = [];
  try {
    store = await openStore(database.url, database.schema ? { schema: database.schema } : {});
    const scim = await startScimTarget(store);
    targets.push(scim);
    const bare = await startBareTarget();
    targets.push(bare);
    const runTag = Date.now().toString(36);
    const groupIds = await createGroups(scim, runTag);
    const users: BenchUser[] = [];
    const fixture = (phase: string): BenchFixture => ({ runTag: `${runTag}-${phase}`, users, groupIds });

    const results: ScenarioResult[] = [];
    for (const scenario of options.scenarios ?? SCENARIOS) {
      if (scenario !== 'create-user') {
        // Every group must be able to grow by 100 distinct users per request for the whole run.
        const groupLimits = limits['add-group-members'];
        const perClient = Math.ceil(
          (groupLimits.warmUp.maxRequests + groupLimits.measure.maxRequests) / CLIENTS,
        );
        const missing = perClient * MEMBERS_PER_PATCH - users.length;
        if (missing > 0) {
          log(`  seeding ${missing} more users through the store for the group scenario`);
          users.push(...(await seedUsers(store, missing, runTag)));
        }
      }
      const run = (target: Target, phase: string) => {
        const plan: LoadPlan = {
          origin: target.url,
          token: target.token,
          clients: CLIENTS,
          ...limits[scenario],
        };
        return loadInWorker(plan, { kind: 'throughput', scenario, fixture: fixture(phase) });
      };
      const real = await profiled(options.profileDir, `${kind}-${scenario}`, () => run(scim, 'scim'));
      if (real.sample) bare.setSample(scenario, real.sample);
      const baseline = await profiled(options.profileDir, `${kind}-${scenario}-bare`, () =>
        run(bare, 'bare'),
      );
      if (scenario === 'create-user')
        users.push(...real.created.map(({ id, name }) => ({ id, userName: name })));
      const result: ScenarioResult = {
        scenario,
        scim: real.summary,
        bare: baseline.summary,
        ratio: real.summary.perSecond / baseline.summary.perSecond,
        scimCpuMs: real.serverCpuMsPerRequest,
        bareCpuMs: baseline.serverCpuMsPerRequest,
        errors: [...real.errors, ...baseline.errors],
      };
      log(
        `  ${scenario}: ${Math.round(result.scim.perSecond)} req/s (p50 ${result.scim.p50Ms.toFixed(1)} ms, ` +
          `p99 ${result.scim.p99Ms.toFixed(1)} ms) vs bare ${Math.round(result.bare.perSecond)} req/s ` +
          `-> ${result.ratio.toFixed(2)}; server CPU ${result.scimCpuMs.toFixed(2)} vs ${result.bareCpuMs.toFixed(2)} ms/req`,
      );
      results.push(result);
    }
    return { database: kind, description: database.description, scenarios: results };
  } finally {
    for (const target of targets.reverse()) await target.stop().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await database.dispose();
  }
}

async function createGroups(scim: Target, runTag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < CLIENTS; index++) {
    const response = await fetch(`${scim.url}/scim/v2/Groups`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${scim.token}`, 'Content-Type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: `Bench ${runTag} ${index}`,
        externalId: `bench-group-${runTag}-${index}`,
        members: [],
      }),
    });
    const body = (await response.json()) as { id?: string };
    if (response.status !== 201 || typeof body.id !== 'string') {
      throw new Error(`creating a benchmark group failed: ${response.status} ${JSON.stringify(body)}`);
    }
    ids.push(body.id);
  }
  return ids;
}
