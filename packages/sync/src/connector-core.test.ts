import { openStore } from '@scim-connector/store';
import { afterEach, describe, expect, it } from 'vitest';
import { CORE_USER, createHarness, type Harness } from './testing/harness.ts';

const ROLE = 'AGENT_134_STORE_ASSISTANT';
const sqlite = (options: Parameters<typeof openStore>[1]) => openStore('sqlite::memory:', options);

describe('createConnectorCore', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('wakes the engine when a SCIM write that marks users dirty commits, with no HTTP in between', async () => {
    harness = await createHarness(sqlite);
    const h = harness;
    // An hour between idle polls: only a wake-up can get the user pushed within the test.
    h.engine.start({ intervalMs: 3_600_000 });
    await settle();
    await h.createUser('woken@example.com', [ROLE]);
    await waitFor(() => h.platformUser('woken@example.com') !== undefined);
    expect(h.platformUser('woken@example.com')).toMatchObject({ status: 'ACTIVE', roles: [ROLE] });
  });

  it('does not wake the engine for a write the store refused', async () => {
    harness = await createHarness(sqlite);
    const h = harness;
    await h.createUser('taken@example.com', [ROLE]);
    await h.engine.drain();
    const claims = countClaims(h);
    h.engine.start({ intervalMs: 3_600_000 });
    await settle();
    const before = claims.count;
    const refused = await h
      .scim('POST', '/Users', { schemas: [CORE_USER], userName: 'taken@example.com' })
      .then(
        () => 'accepted',
        () => 'refused',
      );
    expect(refused).toBe('refused');
    await settle();
    expect(claims.count).toBe(before);
  });

  it('sends catalogue calls through the timed platform client, so metrics see them', async () => {
    harness = await createHarness(sqlite);
    await harness.createUser('counted@example.com', [ROLE]);
    await harness.engine.drain();
    const operations = harness.events.flatMap((event) =>
      event.type === 'platform-call' ? [event.operation] : [],
    );
    expect(operations).toContain('listRoles');
    expect(operations).toContain('contextExists');
  });

  it("creates accounts with the platform plugin's configured profile defaults, the type from governance", async () => {
    harness = await createHarness(sqlite, {
      platformOptions: { defaults: { timezone: 'Australia/Sydney', language: 'en-AU' } },
    });
    await harness.createUser('local@example.com', [ROLE]);
    await harness.engine.drain();
    const account = harness.model.getUserByUsername('local@example.com');
    expect(account).toMatchObject({
      timezone: 'Australia/Sydney',
      type: 'LOCATION',
      primaryLocationId: '134',
    });
    expect(account?.language?.value).toBe('en-AU');
  });
});

/** Counts the engine's claims by watching the store it claims from. */
function countClaims(h: Harness): { count: number } {
  const counter = { count: 0 };
  const claim = h.store.claimDirty.bind(h.store);
  h.store.claimDirty = (options) => {
    counter.count++;
    return claim(options);
  };
  return counter;
}

/** Lets the background loop reach its idle sleep. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
