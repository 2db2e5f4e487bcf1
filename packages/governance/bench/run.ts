/**
 * Decisions per second for a user with 5 direct roles and 3 groups (one group name is a role name, one is
 * mapped by group-roles.json, one sends the roles extension), against the default rules/ folder with the opt-in
 * options.groupDisplayNamesAsRoles on (so the role-named group is resolved too, the heaviest case) and an
 * in-memory catalogue. Run with `pnpm bench` or `pnpm --filter @scim-connector/governance bench`.
 */
import { fileURLToPath } from 'node:url';
import {
  createGovernance,
  createStaticCatalog,
  type DecisionInput,
  type Governance,
  loadRules,
} from '../src/index.ts';

const rulesDir = fileURLToPath(new URL('../../../rules/', import.meta.url));
const loaded = await loadRules(rulesDir);
if (!loaded.ok) throw new Error(`rules/ does not load: ${JSON.stringify(loaded.problems)}`);
const rules = {
  ...loaded.rules,
  options: { ...loaded.rules.options, groupDisplayNamesAsRoles: true },
  groupRoles: [
    ...loaded.rules.groupRoles,
    { displayName: 'EU Store Managers', roles: ['RETAILER_199_STORE_MANAGER'] },
  ],
};
const governance = createGovernance(rules);
// The same rules with json-rules-engine run on every decision (no reuse of results for look-alike facts).
const unmemoized = createGovernance(rules, { memoize: false });
const catalog = createStaticCatalog({
  roles: [
    'STORE',
    'GRAPHQL',
    'STORE_ASSISTANT',
    'STORE_MANAGER',
    'CUSTOMER_COLLECTION_MANAGER',
    'RETURNS_MANAGER',
    'ADMIN',
  ],
  contexts: [
    { contextType: 'ACCOUNT', contextId: '0' },
    { contextType: 'RETAILER', contextId: '199' },
    ...Array.from({ length: 50 }, (_, index) => ({
      contextType: 'AGENT' as const,
      contextId: String(100 + index),
    })),
  ],
});

function userInput(index: number): DecisionInput {
  const location = String(100 + (index % 50));
  return {
    trigger: 'user.updated',
    user: {
      id: `u-${index}`,
      userName: `user${index}@example.com`,
      active: true,
      deleted: false,
      directRoles: [
        `AGENT_${location}_STORE_ASSISTANT`,
        `AGENT_${location}_Store_Colleague`,
        'ACCOUNT_0_GRAPHQL',
        'RETAILER_199_STORE',
        `agent_${location}_GRAPHQL`,
      ],
      groups: [
        { id: 'g1', displayName: `AGENT_${location}_STORE` },
        { id: 'g2', displayName: 'EU Store Managers' },
        { id: 'g3', displayName: 'Returns desk', roles: [`AGENT_${location}_RETURNS_MANAGER`] },
      ],
    },
    platform: {
      exists: true,
      linked: true,
      status: 'ACTIVE',
      roles: [
        { contextType: 'AGENT', contextId: location, role: 'STORE_ASSISTANT' },
        { contextType: 'ACCOUNT', contextId: '0', role: 'GRAPHQL' },
        { contextType: 'AGENT', contextId: location, role: 'ADMIN' },
      ],
    },
  };
}

const inputs = Array.from({ length: 1000 }, (_, index) => userInput(index));

async function measure(subject: Governance, seconds: number): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  let decisions = 0;
  while (performance.now() < deadline) {
    for (const input of inputs) {
      const decision = await subject.decide(input, catalog);
      if (decision.outcome !== 'update') throw new Error(`unexpected outcome ${decision.outcome}`);
    }
    decisions += inputs.length;
  }
  return decisions / ((performance.now() - start) / 1000);
}

const format = (value: number) => Math.round(value).toLocaleString('en-US');
await measure(governance, 1); // warm-up
const perSecond = await measure(governance, 3);
await measure(unmemoized, 1);
const enginePerSecond = await measure(unmemoized, 3);
const target = 20_000;
console.log(
  `governance: ${format(perSecond)} decisions/s (5 direct roles, 3 groups; target ${format(target)}/s) ` +
    `${perSecond >= target ? 'OK' : 'BELOW TARGET'}`,
);
console.log(
  `governance: ${format(enginePerSecond)} decisions/s with json-rules-engine run on every decision`,
);
