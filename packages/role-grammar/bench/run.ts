/**
 * Role names parsed per second on realistic names (names in the documented form, real Fluent role ids, mixed case, a
 * few errors). One core: the loop is synchronous. Run with `pnpm bench` or
 * `pnpm --filter @scim-connector/role-grammar bench`.
 */
import { parseRoleName } from '../src/index.ts';

const ROLES = [
  'GRAPHQL',
  'STORE',
  'STORE_ASSISTANT',
  'CUSTOMER_COLLECTION_MANAGER',
  'RETURNS_MANAGER',
  'ADMIN',
];
const LOGICAL = ['Store_Colleague', 'Dat_Test', 'Regional_Ops_Lead'];

function realisticNames(count: number): string[] {
  const names: string[] = [];
  for (let index = 0; index < count; index++) {
    const type = ['AGENT', 'RETAILER', 'ACCOUNT', 'agent'][index % 4];
    const id = type === 'ACCOUNT' ? '0' : String(100 + ((index * 7919) % 1_000_000));
    const role = index % 5 === 0 ? LOGICAL[index % LOGICAL.length] : ROLES[index % ROLES.length];
    // One name in fifty is malformed, as an IdP export usually has a few typos.
    names.push(index % 50 === 0 ? `${type}_${id}-${role}` : `${type}_${id}_${role}`);
  }
  return names;
}

function measure(names: string[], seconds: number): number {
  const deadline = performance.now() + seconds * 1000;
  let parsed = 0;
  let failures = 0;
  const start = performance.now();
  while (performance.now() < deadline) {
    for (const name of names) {
      if (!parseRoleName(name).ok) failures++;
    }
    parsed += names.length;
  }
  const elapsed = (performance.now() - start) / 1000;
  if (failures === 0) throw new Error('benchmark input lost its malformed names');
  return parsed / elapsed;
}

const names = realisticNames(10_000);
measure(names, 1); // warm-up: let V8 optimise the lexer and parser
const perSecond = measure(names, 3);
const target = 300_000;
console.log(
  `role-grammar: ${Math.round(perSecond).toLocaleString('en-US')} names/s ` +
    `(target ${target.toLocaleString('en-US')}/s) ${perSecond >= target ? 'OK' : 'BELOW TARGET'}`,
);
