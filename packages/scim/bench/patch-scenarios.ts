/**
 * PATCH work per request (issue #13): the SCIM service (normalise, apply, validate, journal) over a store given
 * by the caller: the in-memory one (bench/run.ts, the engine's figures) or SQLite and PostgreSQL
 * (apps/scim-server bench/patch-sql.ts). Each scenario sends the largest PATCH the default caps allow (1,000
 * operations) against a resource already at the values cap where that matters, and reports p50 / p99 / max over
 * repeated requests. Target: a 1,000-operation PATCH under 50 ms.
 */

import { DEFAULT_SCIM_LIMITS } from '../src/limits.ts';
import { createScimService } from '../src/service/create-service.ts';
import type { ScimStore } from '../src/store/port.ts';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const OPERATIONS = DEFAULT_SCIM_LIMITS.maxPatchOperations;
const VALUES = DEFAULT_SCIM_LIMITS.maxValuesPerAttribute;
const GROUP_MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
/** As many emails as 1,000 operations may each scan within maxPatchValuesScanned. */
const SCANNED_EMAILS = Math.floor(DEFAULT_SCIM_LIMITS.maxPatchValuesScanned / OPERATIONS);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
/** Requests sent first and not measured, so the figures are of warm code, as in a server that has been running. */
const WARM_UP = 5;
const TARGET_MS = 50;

type Operation = Record<string, unknown>;

interface Scenario {
  name: string;
  resource: 'Users' | 'Groups';
  /** Emails the user starts with. */
  emails: number;
  /** The request is over a bound: what is measured is how fast it is refused. */
  refused?: boolean;
  /** The operations of the n-th request; each request must change the resource so nothing is short-cut. */
  operations(run: number): Operation[];
}

const emails = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ value: `mail${i}@example.test`, type: `t${i}` }));

/** Entra's shape of a sub-attribute change on one email, cycling over the user's emails. */
function filteredEmailReplaces(emailCount: number, run: number): Operation[] {
  return Array.from({ length: OPERATIONS }, (_, i) => ({
    op: 'replace',
    path: `emails[value eq "mail${i % emailCount}@example.test"].type`,
    value: `r${run}`,
  }));
}

const scenarios: Scenario[] = [
  {
    name: `${OPERATIONS} Entra-style replaces (title, department, name)`,
    resource: 'Users',
    emails: 0,
    operations: (run) =>
      Array.from({ length: OPERATIONS }, (_, i) => {
        const paths = ['title', `${ENTERPRISE}:department`, 'name.givenName', 'displayName'];
        return { op: 'Replace', path: paths[i % paths.length], value: `v${run}-${i}` };
      }),
  },
  {
    name: `${OPERATIONS} filtered replaces on ${SCANNED_EMAILS} emails`,
    resource: 'Users',
    emails: SCANNED_EMAILS,
    operations: (run) => filteredEmailReplaces(SCANNED_EMAILS, run),
  },
  {
    // Before the working lists (issue #13) each of these scanned all 1,000 emails and the request was refused.
    name: `${OPERATIONS} filtered replaces on ${VALUES} emails (value eq: looked up)`,
    resource: 'Users',
    emails: VALUES,
    operations: (run) => filteredEmailReplaces(VALUES, run),
  },
  {
    name: `${OPERATIONS} scanning filters (sw) on ${VALUES} emails: refused`,
    resource: 'Users',
    emails: VALUES,
    refused: true,
    operations: (run) =>
      Array.from({ length: OPERATIONS }, (_, i) => ({
        op: 'replace',
        path: `emails[value sw "mail${i % VALUES}@"].type`,
        value: `r${run}`,
      })),
  },
  {
    name: `${OPERATIONS} member removes by id (Entra), ${GROUP_MEMBERS}-member group`,
    resource: 'Groups',
    emails: 0,
    operations: (run) =>
      Array.from({ length: OPERATIONS }, (_, i) => ({
        op: 'remove',
        path: `members[value eq "absent-${run}-${i}"]`,
      })),
  },
  {
    name: `${OPERATIONS} member removes by display, ${GROUP_MEMBERS}-member group: refused`,
    resource: 'Groups',
    emails: 0,
    refused: true,
    // Not the membership fast path (the filter is not `value eq`): the whole list is read per operation.
    operations: (run) =>
      Array.from({ length: OPERATIONS }, (_, i) => ({
        op: 'remove',
        path: `members[display eq "nobody-${run}-${i}"]`,
      })),
  },
];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export type BenchStore = ScimStore & { close(): Promise<void> };

/** Runs every scenario on a fresh store from `openStore`; false when a scenario missed the target. */
export async function runPatchScenarios(
  label: string,
  openStore: () => Promise<BenchStore>,
): Promise<boolean> {
  console.log(
    `scim: one PATCH of ${OPERATIONS} operations over ${label}, ${RUNS} runs each (target p99 < ${TARGET_MS} ms)`,
  );
  let failed = false;
  for (const scenario of scenarios) {
    const store = await openStore();
    try {
      failed = !(await runScenario(store, scenario)) || failed;
    } finally {
      await store.close();
    }
  }
  return !failed;
}

async function runScenario(store: ScimStore, scenario: Scenario): Promise<boolean> {
  let counter = 0;
  const service = createScimService({
    store,
    baseUrl: 'https://bench.example.test/scim/v2',
    newId: () => `id-${++counter}`,
  });
  const call = async (method: string, path: string, body: unknown, refused = false) => {
    const response = await service.handle({ method, path, body });
    if (response.status >= 300 !== refused) {
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return (response.body ?? {}) as Record<string, unknown>;
  };
  const body = { schemas: [CORE_USER], userName: 'user@example.test' };
  const withEmails = scenario.emails > 0 ? { ...body, emails: emails(scenario.emails) } : body;
  let target = (await call('POST', '/Users', withEmails)).id as string;
  if (scenario.resource === 'Groups') {
    // The members are seeded in one store transaction: creating 10,000 users by request is not what is measured.
    const members = Array.from({ length: GROUP_MEMBERS }, (_, i) => ({
      value: `member-${i}`,
      type: 'User' as const,
      display: `member ${i}`,
    }));
    await store.transaction(async (tx) => {
      for (const member of members) {
        await tx.insertUser({
          id: member.value,
          userName: `${member.value}@example.test`,
          active: true,
          resource: {},
        });
      }
      await tx.insertGroup({
        id: 'everyone',
        displayName: 'Everyone',
        resource: { schemas: [CORE_GROUP], displayName: 'Everyone' },
        members,
      });
    });
    target = 'everyone';
  }
  const durations: number[] = [];
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    const body = { schemas: [PATCH_OP], Operations: scenario.operations(run) };
    const started = performance.now();
    await call('PATCH', `/${scenario.resource}/${target}`, body, scenario.refused);
    if (run >= WARM_UP) durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  const p99 = percentile(durations, 99);
  const met = p99 < TARGET_MS;
  console.log(
    `  ${scenario.name.padEnd(66)} p50 ${percentile(durations, 50).toFixed(1).padStart(6)} ms  p99 ${p99
      .toFixed(1)
      .padStart(6)} ms  max ${(durations.at(-1) ?? 0).toFixed(1).padStart(6)} ms  ${met ? 'met' : 'NOT MET'}`,
  );
  return met;
}
