/**
 * A synthetic sync-event log shaped like real IdP traffic: users created with direct roles (some logical, some
 * unknown), groups that grant a role through their roles extension (a group's name grants nothing), memberships added and removed, profile updates,
 * deactivations and reactivations. Deterministic for a given size and seed.
 */
import { seededRandom } from '@scim-connector/fluent-simulator';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const CONNECTOR_GROUP = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const LOCATIONS = ['134', '135', '136', '137', '138', '1001', '1002', '2001', '2002'];
const ROLES = ['STORE', 'STORE_ASSISTANT', 'STORE_MANAGER', 'Store_Colleague', 'GRAPHQL', 'RETURNS_MANAGER'];

export function generateEventLog(events: number, seed = 7): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const lines: string[] = [];
  const push = (line: object) => lines.push(JSON.stringify(line));
  const users: string[] = [];
  const active = new Map<string, boolean>();
  const groups: string[] = [];
  const members = new Map<string, Set<string>>();
  const userRef = (name: string) => `\${users.${name}}`;
  const groupRef = (name: string) => `\${groups.${name}}`;

  for (let g = 0; g < 40; g++) {
    // Half the groups grant a role through their roles extension (each a different location and role), half
    // grant nothing.
    const half = Math.floor(g / 2);
    const name = g % 2 === 0 ? `Team ${g} grants` : `Team ${g}`;
    groups.push(name);
    members.set(name, new Set());
    const body: Record<string, unknown> = { schemas: [GROUP], displayName: name };
    if (g % 2 === 0) {
      const role = `AGENT_${LOCATIONS[half % LOCATIONS.length]}_${ROLES[(half + Math.floor(half / LOCATIONS.length)) % ROLES.length]}`;
      body.schemas = [GROUP, CONNECTOR_GROUP];
      body[CONNECTOR_GROUP] = { roles: [{ value: role }] };
    }
    push({ method: 'POST', path: '/Groups', body });
  }

  while (lines.length < events) {
    const roll = random();
    if (users.length < 50 || roll < 0.3) {
      const name = `user${users.length}@example.com`;
      const roleCount = Math.floor(random() * 3);
      const roles = Array.from({ length: roleCount }, () => ({
        value:
          random() < 0.02
            ? `AGENT_${pick(LOCATIONS)}_UNKNOWN_ROLE`
            : `AGENT_${pick(LOCATIONS)}_${pick(ROLES)}`,
      }));
      users.push(name);
      active.set(name, true);
      push({
        method: 'POST',
        path: '/Users',
        body: {
          schemas: [USER],
          userName: name,
          active: true,
          name: { givenName: 'Test', familyName: `User ${users.length}` },
          emails: [{ value: name, type: 'work', primary: true }],
          roles,
        },
      });
    } else if (roll < 0.55) {
      const group = pick(groups);
      const user = pick(users);
      const set = members.get(group) ?? new Set<string>();
      const op = set.has(user) ? 'remove' : 'add';
      if (op === 'add') set.add(user);
      else set.delete(user);
      push({
        method: 'PATCH',
        path: `/Groups/${groupRef(group)}`,
        body: {
          schemas: [PATCH],
          Operations:
            op === 'add'
              ? [{ op: 'add', path: 'members', value: [{ value: userRef(user) }] }]
              : [{ op: 'remove', path: `members[value eq "${userRef(user)}"]` }],
        },
      });
    } else if (roll < 0.8) {
      push({
        method: 'PATCH',
        path: `/Users/${userRef(pick(users))}`,
        body: {
          schemas: [PATCH],
          Operations: [{ op: 'replace', path: 'title', value: `Title ${lines.length}` }],
        },
      });
    } else {
      const user = pick(users);
      const next = !active.get(user);
      active.set(user, next);
      push({
        method: 'PATCH',
        path: `/Users/${userRef(user)}`,
        body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: next }] },
      });
    }
  }
  return lines.slice(0, events);
}
