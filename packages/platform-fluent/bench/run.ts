/**
 * The plugin's share of end-to-end provisioning: accounts created per second (createUser with two role
 * assignments, then a find by username, as a sync push does) against the Fluent simulator over loopback HTTP,
 * with the concurrency a sync worker uses. Run with `pnpm bench` or `pnpm --filter @scim-connector/platform-fluent bench`.
 */
import { startSimulatorServer } from '@scim-connector/fluent-simulator';
import { createFluentClient } from '../src/index.ts';

const USERS = Number(process.env.BENCH_USERS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

const simulator = await startSimulatorServer({ port: 0 });
const client = createFluentClient({
  url: simulator.url,
  account: 'BENCH',
  ...simulator.credentials,
  maxConnections: CONCURRENCY,
});
const run = Date.now().toString(36);

async function provision(index: number): Promise<void> {
  const username = `bench-${run}-${index}@example.com`;
  if ((await client.findUserByUsername(username)) !== undefined)
    throw new Error(`${username} already exists`);
  await client.createUser({
    username,
    ref: username,
    status: 'ACTIVE',
    profile: { firstName: 'Bench', lastName: String(index), primaryEmail: username },
    userType: { type: 'LOCATION', primaryLocation: '134' },
    roles: [
      { contextType: 'AGENT', contextId: '134', role: 'STORE' },
      { contextType: 'RETAILER', contextId: '199', role: 'GRAPHQL' },
    ],
  });
}

await client.listRoles(); // token and connections warm
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < USERS) await provision(next++);
  }),
);
const seconds = (performance.now() - started) / 1000;
console.log(
  `platform-fluent: ${USERS} users (find + create with 2 roles) over HTTP, concurrency ${CONCURRENCY}: ` +
    `${seconds.toFixed(2)} s, ${Math.round(USERS / seconds)} users/s`,
);
await client.close();
await simulator.close();
