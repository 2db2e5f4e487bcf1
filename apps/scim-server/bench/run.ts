/**
 * SCIM requests per second over real HTTP, with the request mix of an Entra ID provisioning cycle: look a user
 * up by filter, create them, patch them, add them to a group. Eight clients at once, on SQLite in a temporary
 * file. Entra's gallery requires 25 requests/s per tenant. Run with `pnpm bench`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '@scim-connector/store';
import { createApp } from '../src/app.ts';
import { createLogger } from '../src/logging.ts';
import { listen } from '../src/server.ts';
import { appStore } from '../src/store-adapter.ts';
import { generateToken } from '../src/tokens.ts';

const CLIENTS = 8;
const USERS_PER_CLIENT = 60;
const TARGET_PER_SECOND = 25;
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scim-bench-'));
  const store = await openStore(`sqlite:${path.join(dir, 'bench.db')}`);
  const token = generateToken();
  const { app } = createApp({
    config: { bodyLimitBytes: 1024 * 1024 },
    tokens: { scimTokens: [token], adminToken: generateToken() },
    store: appStore(store),
    logger: createLogger('silent'),
  });
  const running = await listen(app, 0, '127.0.0.1');
  const base = `${running.url}/scim/v2`;
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' };
  let requests = 0;
  const call = async (method: string, pathAndQuery: string, body?: unknown, expected = 200) => {
    const res = await fetch(`${base}${pathAndQuery}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    requests++;
    if (res.status !== expected) throw new Error(`${method} ${pathAndQuery}: ${res.status} ${text}`);
    return text ? (JSON.parse(text) as { id?: string }) : {};
  };

  try {
    const group = await call(
      'POST',
      '/Groups',
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Bench' },
      201,
    );
    requests = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let i = 0; i < USERS_PER_CLIENT; i++) {
          const userName = `bench.${client}.${i}@example.test`;
          await call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
          const user = await call(
            'POST',
            '/Users',
            {
              schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
              userName,
              externalId: `ext-${client}-${i}`,
              name: { givenName: 'Bench', familyName: `User${i}` },
              emails: [{ type: 'work', value: userName, primary: true }],
              active: true,
            },
            201,
          );
          await call('PATCH', `/Users/${user.id}`, {
            schemas: [PATCH_OP],
            Operations: [{ op: 'Replace', path: 'name.familyName', value: 'Patched' }],
          });
          await call(
            'PATCH',
            `/Groups/${group.id}`,
            {
              schemas: [PATCH_OP],
              Operations: [{ op: 'Add', path: 'members', value: [{ value: user.id }] }],
            },
            204,
          );
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const perSecond = requests / seconds;
    console.log(
      `scim-server (SQLite, ${CLIENTS} clients): ${Math.round(perSecond).toLocaleString('en-US')} SCIM requests/s ` +
        `over HTTP (${requests} requests; Entra requires ${TARGET_PER_SECOND}/s) ` +
        `${perSecond >= TARGET_PER_SECOND ? 'OK' : 'BELOW TARGET'}`,
    );
  } finally {
    await running.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
