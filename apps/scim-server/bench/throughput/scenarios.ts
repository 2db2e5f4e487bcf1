/**
 * The five request shapes of the throughput benchmark, as plain data (method, path, body, expected status), built
 * from the client number and its request sequence so both the real app and the bare app get identical traffic.
 * Bodies follow what Entra ID sends: capitalised ops, one `Replace` per path,
 * `"True"` as a string for `active`, members added in batches.
 */

export const SCENARIOS = [
  'create-user',
  'filter-users',
  'patch-user',
  'add-group-members',
  'list-groups',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const SCENARIO_TITLES: Record<ScenarioName, string> = {
  'create-user': 'POST /Users',
  'filter-users': 'GET /Users?filter=userName eq "…"',
  'patch-user': 'PATCH /Users/{id} (Entra replace ops)',
  'add-group-members': 'PATCH /Groups/{id} members +100',
  'list-groups': 'GET /Groups?excludedAttributes=members',
};

import type { RequestSpec } from '../load/request-spec.ts';

export const MEMBERS_PER_PATCH = 100;

export interface BenchUser {
  id: string;
  userName: string;
}

/** What the requests refer to: existing users, and one growing group per client. */
export interface BenchFixture {
  /** Makes the userNames a run creates unique (warm-up and measured phases, repeated runs). */
  runTag: string;
  users: readonly BenchUser[];
  groupIds: readonly string[];
}

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A user as Entra ID creates it, with one app role so the sync would create a platform account. */
export function entraUser(userName: string, index: number): Record<string, unknown> {
  return {
    schemas: [CORE_USER, ENTERPRISE_USER],
    externalId: `ext-${userName}`,
    userName,
    active: true,
    displayName: `Bench User ${index}`,
    name: { formatted: `Bench User${index}`, givenName: 'Bench', familyName: `User${index}` },
    emails: [{ primary: true, type: 'work', value: userName }],
    roles: [{ primary: false, type: 'WindowsAzureActiveDirectoryRole', value: 'AGENT_134_STORE' }],
    [ENTERPRISE_USER]: { employeeNumber: String(index), department: 'Stores' },
  };
}

/** Spreads requests over the user pool deterministically, so reruns send the same traffic. */
function pick<T>(items: readonly T[], client: number, seq: number): T {
  const item = items[(client * 7919 + seq * 104_729) % items.length];
  if (item === undefined) throw new Error('the benchmark fixture has no users to pick from');
  return item;
}

export function buildRequest(
  scenario: ScenarioName,
  fixture: BenchFixture,
  client: number,
  seq: number,
): RequestSpec {
  switch (scenario) {
    case 'create-user': {
      const userName = `bench.${fixture.runTag}.${client}.${seq}@example.test`;
      return {
        method: 'POST',
        path: '/Users',
        body: JSON.stringify(entraUser(userName, client * 1_000_000 + seq)),
        expectStatus: 201,
      };
    }
    case 'filter-users': {
      const { userName } = pick(fixture.users, client, seq);
      const filter = encodeURIComponent(`userName eq "${userName}"`);
      return { method: 'GET', path: `/Users?filter=${filter}`, expectStatus: 200 };
    }
    case 'patch-user': {
      const user = pick(fixture.users, client, seq);
      const replace = (path: string, value: unknown) => ({ op: 'Replace', path, value });
      const body = {
        schemas: [PATCH_OP],
        Operations: [
          replace('displayName', `Patched ${fixture.runTag} ${seq}`),
          replace('emails[type eq "work"].value', user.userName),
          replace('name.givenName', 'Patched'),
          replace('name.familyName', `Family${seq}`),
          replace('active', 'True'),
          replace(`${ENTERPRISE_USER}:employeeNumber`, String(seq)),
        ],
      };
      return { method: 'PATCH', path: `/Users/${user.id}`, body: JSON.stringify(body), expectStatus: 200 };
    }
    case 'add-group-members': {
      const groupId = fixture.groupIds[client % fixture.groupIds.length];
      if (groupId === undefined) throw new Error('the benchmark fixture has no groups');
      // Request k of a client adds the k-th slice of 100 users: its group grows by 100 with every request.
      const first = seq * MEMBERS_PER_PATCH;
      const members = Array.from({ length: MEMBERS_PER_PATCH }, (_, offset) => {
        const user = fixture.users[(first + offset) % fixture.users.length];
        return { value: user?.id ?? '' };
      });
      const body = { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: members }] };
      return { method: 'PATCH', path: `/Groups/${groupId}`, body: JSON.stringify(body), expectStatus: 204 };
    }
    case 'list-groups':
      return { method: 'GET', path: '/Groups?excludedAttributes=members', expectStatus: 200 };
  }
}
