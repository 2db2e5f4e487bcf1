/**
 * `applyPatch` alone (normalise and apply, no service, no store), with the scan bound lifted so the work of each
 * request shape shows: 1,000 operations on 10 and 1,000 emails and on a 10,000-member group (issue #13). 25 runs,
 * the first 5 not measured; prints the last run's split and p50 / max of the other 20.
 * Run: `pnpm --filter @scim-connector/scim exec tsx bench/apply-only.ts`.
 */

import { DEFAULT_SCIM_LIMITS } from '../src/limits.ts';
import { applyPatch } from '../src/patch/apply.ts';
import { normalizePatchRequest } from '../src/patch/normalize.ts';
import type { ResourceJson } from '../src/store/port.ts';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const limits = { ...DEFAULT_SCIM_LIMITS, maxPatchValuesScanned: 1e9 };
function time(name: string, resource: ResourceJson, ops: unknown[], type: 'User' | 'Group') {
  const ts: number[] = [];
  for (let r = 0; r < 25; r++) {
    const t0 = performance.now();
    const operations = normalizePatchRequest({ schemas: [PATCH_OP], Operations: ops }, type, limits);
    const t1 = performance.now();
    applyPatch(resource, operations, { resourceType: type, limits });
    const t2 = performance.now();
    if (r >= 5) ts.push(t2 - t0);
    if (r === 24) console.log(name, 'normalize', (t1 - t0).toFixed(1), 'apply', (t2 - t1).toFixed(1));
  }
  ts.sort((a, b) => a - b);
  console.log(name, 'p50', ts[10]?.toFixed(1), 'max', ts.at(-1)?.toFixed(1));
}
const emails = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ value: `mail${i}@example.test`, type: `t${i}` }));
const user = (n: number) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: 'u',
  emails: emails(n),
});
const filtered = (n: number) =>
  Array.from({ length: 1000 }, (_, i) => ({
    op: 'replace',
    path: `emails[value eq "mail${i % n}@example.test"].type`,
    value: `r${i}`,
  }));
time('filtered replaces, 10 emails', user(10), filtered(10), 'User');
time('filtered replaces, 1000 emails', user(1000), filtered(1000), 'User');
const group = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  displayName: 'g',
  members: Array.from({ length: 10000 }, (_, i) => ({
    value: `m${i}`,
    type: 'User',
    display: `member ${i}`,
  })),
};
time(
  'member removes by id, 10000 members (general path)',
  group,
  Array.from({ length: 1000 }, (_, i) => ({ op: 'remove', path: `members[value eq "m${i * 7}"]` })),
  'Group',
);
time(
  'member removes by display, 10000 members',
  group,
  Array.from({ length: 1000 }, (_, i) => ({ op: 'remove', path: `members[display eq "member ${i * 7}"]` })),
  'Group',
);
time(
  'member adds one per op, 10000 members',
  group,
  Array.from({ length: 1000 }, (_, i) => ({ op: 'add', path: 'members', value: [{ value: `n${i}` }] })),
  'Group',
);
