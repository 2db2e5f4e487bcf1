/**
 * The admin API a compliance officer and the console use (docs/admin-api.md), over real HTTP on both databases,
 * with the sync worker and a Fluent simulator: the user list with its filters and cursor, the audit filters and
 * cursor, retry by userName, and the 400 every admin route gives a parameter it does not take.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTOR_USER, startTestConnector, type TestConnector } from './connector-harness.ts';
import { testDatabases } from './databases.ts';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const CONNECTOR_GROUP = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group';
const TIMEOUT_MS = 90_000;

interface ListedUser {
  id: string;
  userName: string;
  displayName: string | null;
  idpActive: boolean;
  platformStatus: string;
  blockedReasons: string[];
  parkedError: string | null;
  lastDecisionAt: string | null;
}

interface AuditEntry {
  seq: number;
  userId: string;
  trigger: string;
  outcome: string;
  at: string;
}

const ADA = 'ada@example.com';
const BOB = 'bob@example.com';
const REFUSED = 'refused@example.com';
const CAROL = 'carol@example.com';

describe.each(testDatabases('admin_api'))('admin API ($name)', (database) => {
  let running: TestConnector;
  let dispose: () => Promise<void>;
  const ids: Record<string, string> = {};
  let groupId = '';

  const admin = (method: string, path: string, body?: unknown) => running.client.admin(method, path, body);
  const users = async (query: string) => {
    const reply = await admin('GET', `/users${query}`);
    expect(reply.status, reply.text).toBe(200);
    return reply.json as unknown as { items: ListedUser[]; nextCursor: string | null };
  };
  const audit = async (query: string) => {
    const reply = await admin('GET', `/audit${query}`);
    expect(reply.status, reply.text).toBe(200);
    return reply.json as unknown as { entries: AuditEntry[]; nextCursor: string | null };
  };

  beforeAll(async () => {
    const opened = await database.open();
    const keyDir = await mkdtemp(path.join(tmpdir(), 'scim-journal-key-'));
    const keyFile = path.join(keyDir, 'journal.key');
    await writeFile(keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
    running = await startTestConnector(opened.store, { env: { JOURNAL_PSEUDONYM_KEY_FILE: keyFile } });
    dispose = async () => {
      await running.stop();
      await opened.dispose();
      await rm(keyDir, { recursive: true, force: true });
    };
    running.simulator.faults.set({ failingUsernames: [REFUSED] });
    const create = async (userName: string, extra: Record<string, unknown>) => {
      const created = await running.client.write('POST', '/Users', {
        schemas: [CORE_USER],
        userName,
        active: true,
        ...extra,
      });
      ids[userName] = String(created.id);
    };
    await create(ADA, {
      displayName: 'Ada Lovelace',
      emails: [{ value: ADA, primary: true }],
      roles: [{ value: 'AGENT_134_STORE' }],
    });
    // An unknown role: governance blocks the new user (unresolved-role).
    await create(BOB, {
      displayName: 'Bob Builder',
      emails: [{ value: 'robert.builder@corp.example', primary: true }],
      roles: [{ value: 'AGENT_134_NO_SUCH_ROLE' }],
    });
    await create(REFUSED, {
      displayName: 'Refused Person',
      emails: [{ value: REFUSED, primary: true }],
      roles: [{ value: 'AGENT_134_STORE' }],
    });
    await create(CAROL, {
      displayName: 'Carol Danvers',
      emails: [{ value: CAROL, primary: true }],
      roles: [{ value: 'AGENT_134_STORE' }],
    });
    // The group grants the logical role Store_Colleague (role-mappings.json: STORE and two more at location 134).
    const group = await running.client.write('POST', '/Groups', {
      schemas: [CORE_GROUP, CONNECTOR_GROUP],
      displayName: 'Sydney Store Managers',
      members: [{ value: ids[ADA] }],
      [CONNECTOR_GROUP]: { roles: [{ value: 'AGENT_134_Store_Colleague' }] },
    });
    groupId = String(group.id);
    await running.client.settled(60_000);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await dispose?.();
  });

  it('lists every user in userName order with status, block reasons and parking', async () => {
    const { items, nextCursor } = await users('');
    expect(nextCursor).toBeNull();
    expect(items.map((item) => item.userName)).toEqual([ADA, BOB, CAROL, REFUSED]);
    const byName = new Map(items.map((item) => [item.userName, item]));
    expect(byName.get(ADA)).toMatchObject({
      id: ids[ADA],
      displayName: 'Ada Lovelace',
      idpActive: true,
      platformStatus: 'ACTIVE',
      blockedReasons: [],
      parkedError: null,
    });
    expect(byName.get(ADA)?.lastDecisionAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(byName.get(BOB)).toMatchObject({ platformStatus: 'ABSENT', blockedReasons: ['unresolved-role'] });
    expect(byName.get(REFUSED)?.platformStatus).toBe('PARKED');
    expect(byName.get(REFUSED)?.parkedError).toMatch(/refused/);
  });

  it('filters by status', async () => {
    const names = async (status: string) =>
      (await users(`?status=${status}`)).items.map((item) => item.userName);
    expect(await names('blocked')).toEqual([BOB]);
    expect(await names('parked')).toEqual([REFUSED]);
    expect(await names('active')).toEqual([ADA, CAROL]);
    expect(await names('inactive')).toEqual([]);
    // No reconciliation has run: nobody is drifted (the store test covers a finding).
    expect(await names('drifted')).toEqual([]);
    expect(await names('absent')).toEqual(expect.arrayContaining([BOB]));
    expect(await names('absent')).not.toContain(ADA);
  });

  it('shows parking everywhere: the audit log, the SCIM extension and its filter', async () => {
    const parked = await audit('?outcome=parked');
    expect(parked.entries.map((entry) => entry.userId)).toEqual([ids[REFUSED]]);
    expect(parked.entries[0]).toMatchObject({ reasons: ['platform-refused'] });
    const scim = await running.client.scim('GET', `/Users/${ids[REFUSED]}`);
    expect(scim.json[CONNECTOR_USER]).toMatchObject({ platformStatus: 'PARKED' });
    expect((scim.json[CONNECTOR_USER] as { syncError?: string }).syncError).toMatch(/refused/);
    const filtered = await running.client.scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`${CONNECTOR_USER}:platformStatus eq "PARKED"`)}`,
    );
    expect((filtered.json.Resources as { id: string }[]).map((user) => user.id)).toEqual([ids[REFUSED]]);
  });

  it('searches userName, e-mail and display name by prefix, case-insensitively', async () => {
    const names = async (search: string) =>
      (await users(`?search=${encodeURIComponent(search)}`)).items.map((item) => item.userName);
    expect(await names('ADA@')).toEqual([ADA]);
    expect(await names('Robert.B')).toEqual([BOB]);
    expect(await names('carol d')).toEqual([CAROL]);
    expect(await names('nobody')).toEqual([]);
    // Search and status together must both hold.
    expect((await users('?search=bob&status=active')).items).toEqual([]);
  });

  it('filters by group, and refuses a group the directory does not know', async () => {
    expect((await users(`?group=${groupId}`)).items.map((item) => item.userName)).toEqual([ADA]);
    const reply = await admin('GET', '/users?group=no-such-group');
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ parameter: 'group' });
  });

  it('filters by role: on the platform account or granted by the last decision, in any spelling', async () => {
    const names = async (query: string) => (await users(query)).items.map((item) => item.userName);
    // REFUSED is parked: its create was refused, so no decision of it was recorded (the retry below records one).
    expect(await names('?role=AGENT_134_STORE')).toEqual([ADA, CAROL]);
    expect(await names('?role=agent_134_STORE')).toEqual([ADA, CAROL]);
    // Through the group's logical role only.
    expect(await names('?role=AGENT_134_RETURNS_MANAGER')).toEqual([ADA]);
    expect(await names('?role=AGENT_134_RETURNS_MANAGER&status=blocked')).toEqual([]);
    expect(await names('?role=AGENT_999_STORE')).toEqual([]);
    const first = await users('?role=AGENT_134_STORE&limit=1');
    expect(first.items.map((item) => item.userName)).toEqual([ADA]);
    const second = await users(`?role=AGENT_134_STORE&limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((item) => item.userName)).toEqual([CAROL]);
    expect(second.nextCursor).toBeNull();
  });

  it('pages with an opaque cursor through every user exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const query: string = cursor === null ? '?limit=1' : `?limit=1&cursor=${cursor}`;
      const result = await users(query);
      seen.push(...result.items.map((item) => item.userName));
      cursor = result.nextCursor;
      if (cursor === null) break;
    }
    expect(seen).toEqual([ADA, BOB, CAROL, REFUSED]);
  });

  it('answers 400 naming the parameter for anything it does not take', async () => {
    const cases: [string, string][] = [
      ['/users?outcome=block', 'outcome'],
      ['/users?__proto__=x', '__proto__'],
      ['/users?constructor=x', 'constructor'],
      ['/users?status=asleep', 'status'],
      ['/users?role=not%20a%20role', 'role'],
      ['/reports/access.json?role=AGENT_134', 'role'],
      ['/users?limit=201', 'limit'],
      ['/users?limit=0', 'limit'],
      ['/users?cursor=not-a-cursor', 'cursor'],
      ['/users?status=active&status=blocked', 'status'],
      ['/audit?outcome=blocked', 'outcome'],
      ['/audit?trigger=whenever', 'trigger'],
      ['/audit?since=yesterday', 'since'],
      ['/audit?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z', 'until'],
      ['/audit?userName=x', 'userName'],
      ['/audit?limit=1001', 'limit'],
      [
        `/audit?cursor=${Buffer.from('{"list":"users","name":"a","id":"b"}').toString('base64url')}`,
        'cursor',
      ],
      ['/sync?verbose=1', 'verbose'],
      ['/journal?since=1', 'since'],
      [`/users/${ids[ADA]}?expand=all`, 'expand'],
    ];
    for (const [path, parameter] of cases) {
      const reply = await admin('GET', path);
      expect({ path, status: reply.status }).toEqual({ path, status: 400 });
      expect(reply.json.parameter, path).toBe(parameter);
      expect(String(reply.json.error), path).toContain(parameter);
    }
    for (const path of ['/rules/reload?force=1', '/sync/retry?user=x']) {
      const reply = await admin('POST', path);
      expect({ path, status: reply.status }).toEqual({ path, status: 400 });
    }
  });

  it('filters the audit by user, outcome, trigger and time, newest first, with a cursor', async () => {
    const blocks = await audit('?outcome=block');
    expect(blocks.entries.length).toBeGreaterThan(0);
    expect(new Set(blocks.entries.map((entry) => entry.userId))).toEqual(new Set([ids[BOB]]));

    const byName = await audit(`?user=${encodeURIComponent(BOB)}`);
    const byId = await audit(`?user=${ids[BOB]}`);
    expect(byName.entries.map((entry) => entry.seq)).toEqual(byId.entries.map((entry) => entry.seq));
    expect(byName.entries.every((entry) => entry.userId === ids[BOB])).toBe(true);

    // Which trigger Ada's create ran under depends on whether the worker saw her group yet: take it from the log.
    const adaCreate = (await audit(`?user=${ids[ADA]}&outcome=create`)).entries[0];
    expect(adaCreate).toBeDefined();
    const created = await audit(`?trigger=${adaCreate?.trigger}&outcome=create`);
    expect(created.entries.map((entry) => entry.seq)).toContain(adaCreate?.seq);
    expect(created.entries.every((entry) => entry.outcome === 'create')).toBe(true);
    expect(created.entries.every((entry) => entry.trigger === adaCreate?.trigger)).toBe(true);

    const all = await audit('?limit=1000');
    const future = await audit(`?since=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(future.entries).toEqual([]);
    const past = await audit(`?until=${encodeURIComponent('2000-01-01T00:00:00Z')}`);
    expect(past.entries).toEqual([]);
    // The worker may still append entries (a resync, a retry) while this runs: compare against the snapshot `all`,
    // whose newest entry bounds what it holds (seq grows with each entry).
    const allSeqs = all.entries.map((entry) => entry.seq);
    const newestSeq = allSeqs[0] ?? 0;
    const oldest = all.entries.at(-1);
    const sinceOldest = await audit(`?limit=1000&since=${encodeURIComponent(oldest?.at ?? '')}`);
    expect(sinceOldest.entries.map((entry) => entry.seq).filter((seq) => seq <= newestSeq)).toEqual(allSeqs);

    const paged: number[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const result = await audit(cursor === null ? '?limit=2' : `?limit=2&cursor=${cursor}`);
      paged.push(...result.entries.map((entry) => entry.seq));
      cursor = result.nextCursor;
      if (cursor === null) break;
    }
    expect(paged.filter((seq) => seq <= newestSeq)).toEqual(allSeqs);
  });

  it(
    'retries a parked user by userName, and answers 404 for a user it does not know',
    async () => {
      const unknown = await admin('POST', '/sync/retry', { userName: 'nobody@example.com' });
      expect(unknown.status).toBe(404);
      expect(unknown.json).toMatchObject({ parameter: 'userName' });
      expect((await admin('POST', '/sync/retry', { userId: 'no-such-id' })).status).toBe(404);
      expect((await admin('POST', '/sync/retry', { userName: ADA, extra: 1 })).status).toBe(400);

      running.simulator.faults.set({ failingUsernames: [] });
      const retried = await admin('POST', '/sync/retry', { userName: REFUSED.toUpperCase() });
      expect(retried.status, retried.text).toBe(200);
      expect(retried.json).toEqual({ unparked: 1, userId: ids[REFUSED] });
      await running.client.settled(60_000);
      expect((await users('?status=parked')).items).toEqual([]);
      const [refused] = (await users(`?search=${encodeURIComponent(REFUSED)}`)).items;
      expect(refused?.platformStatus).toBe('ACTIVE');
      expect((await users('?role=AGENT_134_STORE')).items.map((item) => item.userName)).toEqual([
        ADA,
        CAROL,
        REFUSED,
      ]);
    },
    TIMEOUT_MS,
  );

  it('reports who holds which role from which source, as CSV and as JSON', async () => {
    const csv = await admin('GET', '/reports/access.csv');
    expect(csv.status, csv.text).toBe(200);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'userName,displayName,idpActive,platformStatus,role,contextType,contextId,onPlatform,sources,lastSyncedAt,grantedAt,grantAuditSeq',
    );
    const adaLines = lines.filter((line) => line.startsWith(`${ADA},`));
    // STORE: direct and through the group's logical role; the two other Store_Colleague roles: the group only.
    expect(adaLines.map((line) => line.split(',')[4]).sort()).toEqual([
      'AGENT_134_CUSTOMER_COLLECTION_MANAGER',
      'AGENT_134_RETURNS_MANAGER',
      'AGENT_134_STORE',
    ]);
    const store = adaLines.find((line) => line.split(',')[4] === 'AGENT_134_STORE') ?? '';
    expect(store).toContain('Ada Lovelace,true,ACTIVE,AGENT_134_STORE,AGENT,134,true,');
    expect(store).toContain(
      '"direct | logical role Store_Colleague <- group ""Sydney Store Managers"" (extension)"',
    );
    // Bob is blocked: his only role resolves to nothing, so he has one row without a role.
    expect(lines.filter((line) => line.startsWith(`${BOB},`))).toEqual([
      expect.stringMatching(/^bob@example.com,Bob Builder,true,ABSENT,,,,false,,[^,]*,,$/),
    ]);
    // Each role on the platform was granted by an audited push: its time and sequence number are that entry's.
    const adaAudit = (await audit(`?user=${ids[ADA]}&limit=1000`)).entries;
    for (const line of adaLines) {
      const [grantedAt, seq] = line.split(',').slice(-2);
      const entry = adaAudit.find((candidate) => candidate.seq === Number(seq));
      expect(entry, line).toBeDefined();
      expect(entry?.at).toBe(grantedAt);
      expect(['create', 'update']).toContain(entry?.outcome);
    }

    const json = await admin('GET', '/reports/access.json?status=active');
    expect(json.status, json.text).toBe(200);
    const rows = json.json.rows as {
      userName: string;
      role: string;
      sources: string[];
      onPlatform: boolean;
      grantedAt: string | null;
    }[];
    // The parked user was retried above and is active by now.
    expect(new Set(rows.map((row) => row.userName))).toEqual(new Set([ADA, CAROL, REFUSED]));
    expect(rows.find((row) => row.userName === CAROL)).toMatchObject({
      role: 'AGENT_134_STORE',
      sources: ['direct'],
      onPlatform: true,
      grantedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    const byRole = await admin('GET', '/reports/access.json?role=AGENT_134_RETURNS_MANAGER');
    expect(new Set((byRole.json.rows as { userName: string }[]).map((row) => row.userName))).toEqual(
      new Set([ADA]),
    );
    expect((await admin('GET', '/reports/access.csv?format=xlsx')).status).toBe(400);
  });

  it('filters SCIM users on the connector extension in SQL, or refuses the filter with invalidFilter', async () => {
    const ext = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:User';
    const userNames = async (filter: string) => {
      const reply = await running.client.scim('GET', `/Users?filter=${encodeURIComponent(filter)}&count=100`);
      expect(reply.status, reply.text).toBe(200);
      return (reply.json.Resources as { userName: string }[]).map((user) => user.userName).sort();
    };
    expect(await userNames(`${ext}:platformStatus eq "active"`)).toEqual([ADA, CAROL, REFUSED]);
    expect(await userNames('platformStatus eq "ABSENT"')).toEqual([BOB]);
    expect(await userNames(`${ext}:blockedReasons pr`)).toEqual([BOB]);
    expect(await userNames(`not (${ext}:blockedReasons pr) and userName sw "a"`)).toEqual([ADA]);
    expect(await userNames(`${ext}:lastSyncedAt gt "2000-01-01T00:00:00Z"`)).toHaveLength(4);
    expect(await userNames(`${ext}:lastSyncedAt lt "2000-01-01T00:00:00Z"`)).toEqual([]);
    for (const filter of [
      `${ext}:blockedReasons eq "unresolved-role"`,
      `${ext}:platformStatus eq "ACTIVE" or nickName eq "Ada"`,
      `${ext}:lastSyncedAt gt "yesterday"`,
    ]) {
      const reply = await running.client.scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect({ filter, status: reply.status, scimType: reply.json.scimType }).toEqual({
        filter,
        status: 400,
        scimType: 'invalidFilter',
      });
    }
  });

  it('exports the journal since a time, a bounded page at a time, each line with its time', async () => {
    const first = await admin('GET', '/journal');
    expect(first.headers['next-cursor']).toBeUndefined();
    const all = first.text.trimEnd().split('\n');
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const line of all)
      expect(JSON.parse(line).at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    const two = await admin('GET', '/journal?limit=2');
    expect(two.text.trimEnd().split('\n')).toEqual(all.slice(0, 2));
    // Following Next-Cursor pages through the whole journal, each line once, in order.
    const paged: string[] = [];
    let cursor = String(two.headers['next-cursor']);
    paged.push(...two.text.trimEnd().split('\n'));
    for (let pages = 0; pages < all.length && cursor !== 'undefined'; pages++) {
      const next = await admin('GET', `/journal?limit=2&cursor=${cursor}`);
      expect(next.status).toBe(200);
      paged.push(
        ...next.text
          .trimEnd()
          .split('\n')
          .filter((line) => line !== ''),
      );
      cursor = String(next.headers['next-cursor']);
    }
    expect(paged).toEqual(all);
    const future = await admin('GET', `/journal?since=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(future.status).toBe(200);
    expect(future.text).toBe('');
    const past = await admin('GET', '/journal?since=2000-01-01T00:00:00Z');
    expect(past.text.trimEnd().split('\n')).toEqual(all);
    for (const [query, parameter] of [
      ['limit=10001', 'limit'],
      ['limit=0', 'limit'],
      ['pseudonymize=yes', 'pseudonymize'],
      ['cursor=abc', 'cursor'],
      ['page=2', 'page'],
    ]) {
      const reply = await admin('GET', `/journal?${query}`);
      expect({ query, status: reply.status, parameter: reply.json.parameter }).toEqual({
        query,
        status: 400,
        parameter,
      });
    }
  });

  it('exports the journal pseudonymized: no name or e-mail left, ids, roles and groups kept', async () => {
    const raw = (await admin('GET', '/journal')).text;
    const reply = await admin('GET', '/journal?pseudonymize=true');
    expect(reply.status).toBe(200);
    for (const personal of [ADA, 'robert.builder@corp.example', CAROL]) {
      expect(raw).toContain(personal);
      expect(reply.text).not.toContain(personal);
    }
    const rawLines = raw
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const lines = reply.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.method, line.path, line.id, line.at])).toEqual(
      rawLines.map((line) => [line.method, line.path, line.id, line.at]),
    );
    expect(lines.map((line) => line.body?.roles)).toEqual(rawLines.map((line) => line.body?.roles));
    expect(lines.map((line) => line.body?.members)).toEqual(rawLines.map((line) => line.body?.members));
  });

  it('pseudonymizes under JOURNAL_PSEUDONYM_KEY_FILE: the same pseudonyms on every page and request', async () => {
    const whole = (await admin('GET', '/journal?pseudonymize=true')).text;
    expect(whole).not.toContain(ADA);
    expect((await admin('GET', '/journal?pseudonymize=true')).text).toBe(whole);
    let paged = '';
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await admin(
        'GET',
        `/journal?pseudonymize=true&limit=1${cursor === undefined ? '' : `&cursor=${cursor}`}`,
      );
      expect(page.status).toBe(200);
      paged += page.text;
      const next = page.headers['next-cursor'];
      if (next === undefined) break;
      cursor = String(next);
    }
    expect(paged).toBe(whole);
  });
});
