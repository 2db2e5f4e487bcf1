/**
 * Hostile requests over real HTTP, on both databases: bad and misplaced tokens, oversized and compressed bodies,
 * deeply nested JSON, filters built to inject SQL or to be slow, unicode tricks in userName, path traversal in
 * ids. Each is answered with the right SCIM error, and the store is compared before and after: nothing stored.
 */
import { gzipSync } from 'node:zlib';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from './databases.ts';
import { type StoreSnapshot, sendRaw, snapshotStore } from './hostile-http.ts';
import { CORE_GROUP, CORE_USER, ERROR, filterQuery, PATCH_OP, useTestServer } from './server-harness.ts';

const BODY_LIMIT = 64 * 1024;
const STACK_TRACE = /\n\s+at |node:internal|\.ts:\d+/;

describe.each(testDatabases('hostile'))('hostile requests ($name)', (database) => {
  const server = useTestServer(database, { bodyLimitBytes: BODY_LIMIT });
  let before: StoreSnapshot;
  const ids: Record<string, string> = {};

  // The helper's beforeAll, registered first, has started the server by now.
  beforeAll(async () => {
    for (const userName of ['alice@example.test', 'bob@example.test', 'carol@example.test']) {
      const reply = await server.scim('POST', '/Users', { body: { schemas: [CORE_USER], userName } });
      expect(reply.status).toBe(201);
      ids[userName] = reply.json.id as string;
    }
    const group = await server.scim('POST', '/Groups', {
      body: { schemas: [CORE_GROUP], displayName: 'Staff', members: [{ value: ids['alice@example.test'] }] },
    });
    expect(group.status).toBe(201);
    ids.Staff = group.json.id as string;
  });
  beforeEach(async () => {
    before = await snapshotStore(server.store);
  });

  /** The store is exactly as it was before the test. */
  async function expectNothingStored(): Promise<void> {
    expect(await snapshotStore(server.store)).toEqual(before);
  }

  /** A SCIM error document with this status (and scimType), no stack trace, no secret. */
  function expectScimError(
    reply: { status: number; text: string; json: Record<string, unknown> },
    status: number,
    scimType?: string,
  ) {
    expect(reply.status, reply.text).toBe(status);
    expect(reply.json).toMatchObject({
      schemas: [ERROR],
      status: String(status),
      ...(scimType ? { scimType } : {}),
    });
    expect(reply.text).not.toMatch(STACK_TRACE);
    for (const token of [...server.scimTokens, server.adminToken]) expect(reply.text).not.toContain(token);
  }

  describe('tokens', () => {
    const newUser = { schemas: [CORE_USER], userName: 'intruder@example.test' };

    it('refuses a missing, wrong, truncated, extended or doubled token with 401, storing nothing', async () => {
      const token = server.scimTokens[0] ?? '';
      const authorizations: (string | undefined)[] = [
        undefined,
        'Bearer not-the-token',
        `Bearer ${token.slice(0, -1)}`,
        `Bearer ${token}x`,
        `Bearer ${token} ${token}`,
        `Basic ${Buffer.from(`scim:${token}`).toString('base64')}`,
        `Bearer ${'A'.repeat(8000)}`,
        'Bearer',
        `Token ${token}`,
      ];
      for (const authorization of authorizations) {
        const reply = await server.raw('POST', '/scim/v2/Users', {
          body: newUser,
          headers: authorization === undefined ? {} : { Authorization: authorization },
        });
        expectScimError(reply, 401);
        expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer realm="scim"/);
      }
      await expectNothingStored();
    });

    it('keeps the tokens to their routes: the admin token on /scim/v2 and the SCIM token on /admin get 401', async () => {
      const onScim = await server.scim('POST', '/Users', { body: newUser, token: server.adminToken });
      expectScimError(onScim, 401);
      const onAdmin = await server.raw('GET', '/admin/journal', { token: server.scimTokens[0] ?? '' });
      expectScimError(onAdmin, 401);
      expect(onAdmin.headers.get('www-authenticate')).toMatch(/^Bearer realm="admin"/);
      await expectNothingStored();
    });

    it('takes no token from the query string or a cookie', async () => {
      const token = encodeURIComponent(server.scimTokens[0] ?? '');
      expectScimError(await server.raw('GET', `/scim/v2/Users?access_token=${token}`), 401);
      expectScimError(
        await server.raw('GET', '/scim/v2/Users', { headers: { Cookie: `token=${token}` } }),
        401,
      );
    });

    it('reads the scheme case-insensitively (RFC 6750), so the check above is not a formatting accident', async () => {
      const reply = await server.raw('GET', '/scim/v2/Users', {
        headers: { Authorization: `bearer ${server.scimTokens[0]}` },
      });
      expect(reply.status).toBe(200);
    });

    it('answers a token with bytes outside ASCII with 401, not a crash', async () => {
      const reply = await sendRaw(server.url, {
        method: 'GET',
        path: '/scim/v2/Users',
        headers: { Authorization: Buffer.from('Bearer tök\u00ffen', 'latin1').toString('latin1') },
      });
      expect(reply.status).toBe(401);
    });
  });

  describe('oversized bodies', () => {
    const bigUser = () =>
      JSON.stringify({
        schemas: [CORE_USER],
        userName: 'big@example.test',
        displayName: 'x'.repeat(2 * BODY_LIMIT),
      });

    it('answers a body over the limit with 413 as a SCIM error', async () => {
      const reply = await server.scim('POST', '/Users', { rawBody: bigUser() });
      expectScimError(reply, 413);
      expect(reply.json.detail).toMatch(/larger than the server accepts/);
      await expectNothingStored();
    });

    it('counts a chunked body without Content-Length against the limit too', async () => {
      const reply = await sendRaw(server.url, {
        method: 'POST',
        path: '/scim/v2/Users',
        headers: { Authorization: `Bearer ${server.scimTokens[0]}`, 'Content-Type': 'application/scim+json' },
        body: bigUser(),
        chunkSize: 8192,
      });
      expectScimError(reply, 413);
      await expectNothingStored();
    });

    it('counts the inflated size of a gzip body, so a small compression bomb is refused', async () => {
      const bomb = gzipSync(
        Buffer.from(
          JSON.stringify({ schemas: [CORE_USER], userName: 'bomb@example.test', title: ' '.repeat(8 << 20) }),
        ),
      );
      expect(bomb.length).toBeLessThan(BODY_LIMIT);
      const reply = await sendRaw(server.url, {
        method: 'POST',
        path: '/scim/v2/Users',
        headers: {
          Authorization: `Bearer ${server.scimTokens[0]}`,
          'Content-Type': 'application/scim+json',
          'Content-Encoding': 'gzip',
          'Content-Length': bomb.length,
        },
        body: bomb,
      });
      expectScimError(reply, 413);
      await expectNothingStored();
    });

    it('refuses an oversized member PATCH and leaves the group as it was', async () => {
      const members = Array.from({ length: 5000 }, (_, i) => ({
        value: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      }));
      const reply = await server.scim('PATCH', `/Groups/${ids.Staff}`, {
        body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: members }] },
      });
      expectScimError(reply, 413);
      await expectNothingStored();
    });
  });

  describe('deeply nested JSON', () => {
    const deep = (levels: number, inner = '1') => `${'['.repeat(levels)}${inner}${']'.repeat(levels)}`;

    it.each([
      // Each under the 64 KiB body limit, and far deeper than the stack of any recursive walk allows.
      [
        'a complex attribute',
        `{"schemas":["${CORE_USER}"],"userName":"deep1@example.test","name":{"givenName":${deep(30_000)}}}`,
      ],
      [
        'an unknown extension',
        `{"schemas":["${CORE_USER}"],"userName":"deep2@example.test","urn:x:deep":${deep(30_000)}}`,
      ],
      [
        'objects in objects',
        `{"schemas":["${CORE_USER}"],"userName":"deep3@example.test","x":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
      ],
      ['a bare array', deep(32_000)],
    ])('answers nesting in %s with 400 invalidSyntax, no stack overflow', async (_name, body) => {
      const reply = await server.scim('POST', '/Users', { rawBody: body });
      expectScimError(reply, 400, 'invalidSyntax');
      expect(reply.json.detail).toMatch(/nests objects and arrays deeper than \d+ levels/);
      await expectNothingStored();
    });

    it('does the same for PATCH values and SearchRequest bodies', async () => {
      const patch = await server.scim('PATCH', `/Users/${ids['bob@example.test']}`, {
        rawBody: `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"add","path":"title","value":${deep(30_000, '"x"')}}]}`,
      });
      expectScimError(patch, 400, 'invalidSyntax');
      const search = await server.scim('POST', '/Users/.search', {
        rawBody: `{"filter":${deep(30_000, '"x"')}}`,
      });
      expectScimError(search, 400, 'invalidSyntax');
      await expectNothingStored();
    });

    it('still serves ordinary requests afterwards', async () => {
      const reply = await server.scim('GET', `/Users/${ids['alice@example.test']}`);
      expect(reply.status).toBe(200);
    });
  });

  describe('filters built to inject SQL', () => {
    async function list(filter: string, via: 'query' | 'search' = 'query') {
      return via === 'query'
        ? server.scim('GET', `/Users?filter=${encodeURIComponent(filter)}`)
        : server.scim('POST', '/Users/.search', { body: { filter } });
    }

    it.each([
      `userName eq "x' OR 1=1 --"`,
      `userName eq "x' OR '1'='1"`,
      `userName eq "alice@example.test' --"`,
      `userName eq "x\\" or \\"1\\"=\\"1"`,
      `userName eq "x'); DROP TABLE users; --"`,
      `userName co "%"`,
      `userName sw "_"`,
      `userName ew "%"`,
      `userName co "\\\\"`,
      `emails[value eq "x' or '1'='1"]`,
      `externalId eq "1 OR 1=1"`,
      `displayName co "' UNION SELECT user_name FROM users --"`,
      // Unquoted words are values too (the grammar is lenient), so typographic quotes become part of the value;
      // ' and " are refused instead (below).
      `userName eq \u201calice@example.test\u201d`,
      `userName eq \uff02alice@example.test\uff02`,
    ])('%s is a plain value: 200, nothing matched', async (filter) => {
      for (const via of ['query', 'search'] as const) {
        const reply = await list(filter, via);
        expect(reply.status, reply.text).toBe(200);
        expect(reply.json).toMatchObject({ totalResults: 0, Resources: [] });
      }
      await expectNothingStored();
    });

    it.each([
      `userName eq "a"; DROP TABLE users; --`,
      `userName) or (1 eq 1`,
      `userName eq "a" or 1=1`,
      `userName eq "a" -- comment`,
      `"userName" eq "alice@example.test"`,
      `userName/**/eq "alice@example.test"`,
      `userName eq "unterminated`,
    ])('%s is not SCIM filter syntax: 400 invalidFilter', async (filter) => {
      for (const via of ['query', 'search'] as const)
        expectScimError(await list(filter, via), 400, 'invalidFilter');
      await expectNothingStored();
    });

    it('refuses a NUL character in a filter with 400 invalidFilter, on both databases alike', async () => {
      expectScimError(await list('userName eq "alice@example.test\u0000"'), 400, 'invalidFilter');
      expectScimError(await list('userName eq "alice@example.test\u0000"', 'search'), 400, 'invalidValue');
    });

    it('refuses sortBy and attributes that are not attribute names, or ignores them, never running them', async () => {
      for (const query of [
        '?sortBy=userName%3BDROP%20TABLE%20users',
        "?sortBy=userName'%20desc",
        '?attributes=userName,(select%201)',
        '?excludedAttributes=%27%3B--',
      ]) {
        const reply = await server.scim('GET', `/Users${query}`);
        expect([200, 400], reply.text).toContain(reply.status);
        expect(reply.text).not.toMatch(STACK_TRACE);
      }
      const all = await server.scim('GET', '/Users');
      expect(all.json.totalResults).toBe(before.users.length);
      await expectNothingStored();
    });

    it('finds the real user with the same filters written honestly (the queries run)', async () => {
      const reply = await list('userName eq "alice@example.test"');
      expect(reply.json).toMatchObject({ totalResults: 1 });
    });
  });

  // Issue 19: a single-quoted value used to be compared with its quotes, found nothing, and the client went on
  // to create a user that existed. SCIM strings are JSON strings in double quotes (RFC 7644 section 3.4.2.2).
  describe('values quoted the wrong way', () => {
    const DOUBLE_QUOTES = 'SCIM filter strings use double quotes (RFC 7644 section 3.4.2.2)';

    async function list(resource: 'Users' | 'Groups', filter: string, via: 'query' | 'search') {
      return via === 'query'
        ? server.scim('GET', `/${resource}?filter=${encodeURIComponent(filter)}`)
        : server.scim('POST', `/${resource}/.search`, { body: { filter } });
    }

    it.each([
      [
        'Users',
        `userName eq 'alice@example.test'`,
        `filter value 'alice@example.test' is in single quotes; ${DOUBLE_QUOTES}: "alice@example.test"`,
      ],
      [
        'Users',
        `emails[value eq 'alice@example.test']`,
        `is in single quotes; ${DOUBLE_QUOTES}: "alice@example.test"`,
      ],
      ['Users', `userName eq "bob@example.test" or userName eq 'alice@example.test'`, 'is in single quotes'],
      [
        'Groups',
        `displayName eq 'Staff'`,
        `filter value 'Staff' is in single quotes; ${DOUBLE_QUOTES}: "Staff"`,
      ],
      ['Users', `externalId eq O'Brien`, `the unquoted value O'Brien contains a quote`],
      ['Users', `userName eq alice@example.test'`, `the unquoted value alice@example.test' contains a quote`],
      ['Groups', `displayName eq Sta"ff"`, 'the unquoted value Sta"ff" contains a quote'],
    ] as const)(
      '/%s with filter %s is 400 invalidFilter (GET and .search), saying how to quote it',
      async (resource, filter, detail) => {
        for (const via of ['query', 'search'] as const) {
          const reply = await list(resource, filter, via);
          expectScimError(reply, 400, 'invalidFilter');
          expect(reply.json.detail).toContain(detail);
        }
        await expectNothingStored();
      },
    );

    it('finds the same user and group when the values are in double quotes', async () => {
      for (const via of ['query', 'search'] as const) {
        expect((await list('Users', 'userName eq "alice@example.test"', via)).json).toMatchObject({
          totalResults: 1,
        });
        expect((await list('Groups', 'displayName eq "Staff"', via)).json).toMatchObject({ totalResults: 1 });
      }
    });

    it('refuses a misquoted value in a PATCH path filter with 400 invalidFilter, changing nothing', async () => {
      const alice = ids['alice@example.test'];
      const patches: [string, string][] = [
        [`/Users/${alice}`, `emails[value eq 'alice@example.test'].primary`],
        [`/Groups/${ids.Staff}`, `members[value eq '${alice}']`],
        [`/Groups/${ids.Staff}`, `members[value eq ${alice}']`],
      ];
      for (const [path, patchPath] of patches) {
        const reply = await server.scim('PATCH', path, {
          body: { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: patchPath }] },
        });
        expectScimError(reply, 400, 'invalidFilter');
        expect(reply.json.detail).toMatch(/is in single quotes|contains a quote/);
      }
      await expectNothingStored();
    });
  });

  describe('filters built to be slow', () => {
    it('refuses a filter longer than the limit with a clear 400', async () => {
      const filter = Array.from({ length: 600 }, (_, i) => `userName eq "user${i}@example.test"`).join(
        ' or ',
      );
      const reply = await server.scim('POST', '/Users/.search', { body: { filter } });
      expectScimError(reply, 400, 'invalidFilter');
      expect(reply.json.detail).toMatch(/characters long; at most \d+ are accepted/);
    });

    it('refuses deep nesting with a clear 400 and no stack overflow', async () => {
      const filter = `${'('.repeat(2000)}userName eq "a"${')'.repeat(2000)}`;
      const reply = await server.scim('POST', '/Users/.search', { body: { filter } });
      expectScimError(reply, 400, 'invalidFilter');
      expect(reply.json.detail).toMatch(/nests deeper than \d+ levels/);
      const brackets = `${'emails[value eq "a" and not('.repeat(40)}value pr${')]'.repeat(40)}`;
      expectScimError(
        await server.scim('POST', '/Users/.search', { body: { filter: brackets } }),
        400,
        'invalidFilter',
      );
    });

    it('refuses too many logical operators with a clear 400', async () => {
      const filter = Array.from({ length: 400 }, () => 'userName pr').join(' or ');
      const reply = await server.scim('POST', '/Users/.search', { body: { filter } });
      expectScimError(reply, 400, 'invalidFilter');
      expect(reply.json.detail).toMatch(/'and'\/'or' operators/);
    });

    it('answers a URL too long for the server without running anything', async () => {
      const filter = Array.from({ length: 3000 }, () => 'userName pr').join(' or ');
      const reply = await server.scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect([400, 414, 431]).toContain(reply.status);
      await expectNothingStored();
    });
  });

  describe('names that reach Object.prototype', () => {
    const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

    it('answers filters and sortBy on prototype property names without a 500, on Users and Groups', async () => {
      for (const resource of ['/Users', '/Groups']) {
        for (const name of NAMES) {
          for (const filter of [
            `${name} eq "x"`,
            `emails.${name} pr`,
            `members.${name} pr`,
            `${name}.value pr`,
          ]) {
            const reply = await server.scim('GET', `${resource}${filterQuery(filter)}`);
            expect([200, 400], `${resource} ${filter}: ${reply.text}`).toContain(reply.status);
            if (reply.status === 200) expect(reply.json.totalResults).toBe(0);
            else expectScimError(reply, 400, 'invalidFilter');
          }
          const sorted = await server.scim('GET', `${resource}?sortBy=${encodeURIComponent(name)}`);
          expect([200, 400], `${resource} sortBy=${name}: ${sorted.text}`).toContain(sorted.status);
        }
      }
      await expectNothingStored();
    });

    it('routes /constructor and /__proto__ nowhere: 404, not a 500', async () => {
      for (const name of NAMES) {
        const reply = await server.scim('GET', `/${name}`);
        expect(reply.status, reply.text).toBe(404);
      }
    });
  });

  describe('PATCH work per request', () => {
    it('refuses more operations than SCIM_MAX_PATCH_OPERATIONS with 400 tooMany, changing nothing', async () => {
      const Operations = Array.from({ length: 1001 }, (_, i) => ({
        op: 'replace',
        path: 'title',
        value: `t${i}`,
      }));
      const reply = await server.scim('PATCH', `/Users/${ids['alice@example.test']}`, {
        body: { schemas: [PATCH_OP], Operations },
      });
      expectScimError(reply, 400, 'tooMany');
      expect(reply.json.detail).toMatch(/1001 operations/);
      await expectNothingStored();
    });

    it('refuses a user with more emails than SCIM_MAX_VALUES_PER_ATTRIBUTE with 400 tooMany', async () => {
      const emails = Array.from({ length: 1001 }, (_, i) => ({ value: `e${i}@example.test` }));
      const reply = await server.scim('POST', '/Users', {
        body: { schemas: [CORE_USER], userName: 'many-emails@example.test', emails },
      });
      expectScimError(reply, 400, 'tooMany');
      await expectNothingStored();
    });
  });

  describe('unicode tricks in userName', () => {
    const create = (userName: string) =>
      server.scim('POST', '/Users', { body: { schemas: [CORE_USER], userName } });

    it('compares userName case-insensitively: ALICE@ is alice@, a 409', async () => {
      for (const userName of ['ALICE@example.test', 'Alice@Example.Test']) {
        expectScimError(await create(userName), 409, 'uniqueness');
      }
      await expectNothingStored();
    });

    it('refuses a userName that begins or ends with whitespace: no look-alike of alice@', async () => {
      for (const userName of [' alice@example.test', 'alice@example.test\t', '\u00a0ALICE@example.test']) {
        const reply = await create(userName);
        expectScimError(reply, 400, 'invalidValue');
        expect(reply.json.detail).toContain('must not begin or end with whitespace: send "');
      }
      await expectNothingStored();
    });

    it('treats composed and decomposed spellings (NFC, NFD) as one user: a 409 either way round', async () => {
      const composed = 'jos\u00e9@example.test';
      const decomposed = 'jose\u0301@example.test';
      const created = await create(composed);
      expect(created.status).toBe(201);
      expectScimError(await create(decomposed), 409, 'uniqueness');
      expectScimError(await create('JOSE\u0301@EXAMPLE.TEST'), 409, 'uniqueness');
      for (const spelling of [composed, decomposed, 'JOS\u00c9@EXAMPLE.TEST', 'JOSE\u0301@EXAMPLE.TEST']) {
        const found = await server.scim(
          'GET',
          `/Users?filter=${encodeURIComponent(`userName eq "${spelling}"`)}`,
        );
        expect(found.json, spelling).toMatchObject({ totalResults: 1 });
      }
      expect((await server.scim('DELETE', `/Users/${created.json.id}`)).status).toBe(204);
    });

    it('keeps full-width letters a distinct userName (compatibility forms are not folded), cased alike', async () => {
      const fullWidth = '\uff41\uff4c\uff49\uff43\uff45@example.test';
      const created = await create(fullWidth);
      expect(created.status).toBe(201);
      expect(created.json.userName).toBe(fullWidth);
      // Case folding applies within the full-width letters: ＡＬＩＣＥ is ａｌｉｃｅ.
      expectScimError(await create('\uff21\uff2c\uff29\uff23\uff25@example.test'), 409, 'uniqueness');
      const ascii = await server.scim(
        'GET',
        `/Users?filter=${encodeURIComponent('userName eq "alice@example.test"')}`,
      );
      expect(ascii.json.totalResults).toBe(1);
      expect((ascii.json.Resources as { id: string }[])[0]?.id).toBe(ids['alice@example.test']);
      expect((await server.scim('DELETE', `/Users/${created.json.id}`)).status).toBe(204);
    });

    it('refuses a NUL character in userName (or anywhere in a body) with 400 invalidValue', async () => {
      for (const body of [
        `{"schemas":["${CORE_USER}"],"userName":"nul\\u0000@example.test"}`,
        `{"schemas":["${CORE_USER}"],"userName":"nul@example.test","title":"a\\u0000"}`,
      ]) {
        const reply = await server.scim('POST', '/Users', { rawBody: body });
        expectScimError(reply, 400, 'invalidValue');
        expect(reply.json.detail).toMatch(/NUL character/);
      }
      await expectNothingStored();
    });

    it('answers a lone surrogate in userName without a 500', async () => {
      const reply = await server.scim('POST', '/Users', {
        rawBody: `{"schemas":["${CORE_USER}"],"userName":"half\\ud800@example.test"}`,
      });
      expect(reply.status, reply.text).toBeLessThan(500);
      expect(reply.text).not.toMatch(STACK_TRACE);
      if (reply.status === 201)
        expect((await server.scim('DELETE', `/Users/${reply.json.id}`)).status).toBe(204);
    });
  });

  describe('path traversal in ids', () => {
    const auth = () => ({
      Authorization: `Bearer ${server.scimTokens[0]}`,
      'Content-Type': 'application/scim+json',
    });
    const userBody = JSON.stringify({ schemas: [CORE_USER], userName: 'traversal@example.test' });

    it.each([
      ['GET', '/scim/v2/Users/..%2f..%2fadmin'],
      ['GET', '/scim/v2/Users/%00'],
      ['GET', '/scim/v2/Users/%2e%2e'],
      ['GET', '/scim/v2/Users/..%5c..%5cadmin'],
      ['PUT', '/scim/v2/Users/..%2f..%2fadmin'],
      ['PUT', '/scim/v2/Users/%00'],
      ['PATCH', '/scim/v2/Users/%2e%2e%2fGroups'],
      ['DELETE', '/scim/v2/Users/%2e%2e'],
      ['DELETE', '/scim/v2/Users/%00'],
      ['DELETE', '/scim/v2/Groups/..%2fUsers'],
    ])('%s %s: 404, nothing stored or deleted', async (method, path) => {
      const reply = await sendRaw(server.url, {
        method,
        path,
        headers: auth(),
        ...(method === 'PUT' ? { body: userBody } : {}),
        ...(method === 'PATCH'
          ? {
              body: `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"replace","path":"active","value":false}]}`,
            }
          : {}),
      });
      expectScimError(reply, 404);
      await expectNothingStored();
    });

    it('deletes nothing through a dot segment that names a real id', async () => {
      const id = ids['bob@example.test'];
      for (const path of [
        `/scim/v2/Groups/..%2fUsers%2f${id}`,
        `/scim/v2/Users/${id}%00`,
        `/scim/v2/Users/${id}%2f..`,
      ]) {
        const reply = await sendRaw(server.url, { method: 'DELETE', path, headers: auth() });
        expect(reply.status, path).toBe(404);
      }
      await expectNothingStored();
    });

    it('keeps /scim/v2/../admin out of the admin API, and /admin/../scim/v2 out of the SCIM API', async () => {
      const scimToAdmin = await sendRaw(server.url, {
        method: 'GET',
        path: '/scim/v2/../admin/journal',
        headers: auth(),
      });
      expect(scimToAdmin.status).toBe(404);
      expect(scimToAdmin.text).not.toContain('"method"');
      const adminToScim = await sendRaw(server.url, {
        method: 'GET',
        path: '/admin/../scim/v2/Users',
        headers: { Authorization: `Bearer ${server.adminToken}` },
      });
      expect(adminToScim.status).toBe(404);
      expect(adminToScim.text).not.toContain('alice@example.test');
    });
  });
});
