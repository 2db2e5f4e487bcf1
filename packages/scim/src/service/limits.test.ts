/**
 * Bounded work per request: a PATCH with more operations than the cap, or a write that would leave an attribute
 * with more values than the cap, is refused whole with 400 tooMany before anything is written.
 */
import { describe, expect, it } from 'vitest';
import { CORE_GROUP, createHarness, ERROR, PATCH_OP, userBody } from './testing/harness.ts';
import { MAX_NOTICE_LENGTH, MAX_NOTICES } from './warnings.ts';

const limits = { maxPatchOperations: 20, maxValuesPerAttribute: 10, maxPatchValuesScanned: 50 };

function emails(count: number, offset = 0) {
  return Array.from({ length: count }, (_, i) => ({ value: `a${i + offset}@example.test`, type: 'other' }));
}

describe('per-request caps', () => {
  it('refuses a PATCH with more operations than the cap, naming the cap, and changes nothing', async () => {
    const h = createHarness({ limits });
    await h.call('POST', '/Users', { body: userBody('alice@example.test') });
    const journalBefore = h.store.journal().length;
    const Operations = Array.from({ length: 21 }, (_, i) => ({
      op: 'replace',
      path: 'title',
      value: `t${i}`,
    }));
    const res = await h.call('PATCH', '/Users/id-0001', { body: { schemas: [PATCH_OP], Operations } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'tooMany' });
    expect(res.json.detail).toMatch(/21 operations.*at most 20/);
    expect(h.store.journal()).toHaveLength(journalBefore);
    const atCap = await h.call('PATCH', '/Users/id-0001', {
      body: { schemas: [PATCH_OP], Operations: Operations.slice(0, 20) },
    });
    expect(atCap.status).toBe(200);
    expect(atCap.json.title).toBe('t19');
  });

  it('refuses a POST and a PUT whose emails exceed the values cap (the 7,000-email user)', async () => {
    const h = createHarness({ limits });
    const post = await h.call('POST', '/Users', {
      body: userBody('bob@example.test', { emails: emails(11) }),
    });
    expect(post.status).toBe(400);
    expect(post.json).toMatchObject({ scimType: 'tooMany' });
    expect(post.json.detail).toMatch(/"emails" would hold 11 values.*at most 10/);
    expect(h.store.journal()).toHaveLength(0);
    const ok = await h.call('POST', '/Users', { body: userBody('bob@example.test', { emails: emails(10) }) });
    expect(ok.status).toBe(201);
    const put = await h.call('PUT', '/Users/id-0002', {
      body: userBody('bob@example.test', { emails: emails(11) }),
    });
    expect(put.status).toBe(400);
    expect(put.json).toMatchObject({ scimType: 'tooMany' });
  });

  it('refuses PATCH operations that grow an attribute past the cap one value at a time', async () => {
    const h = createHarness({ limits });
    await h.call('POST', '/Users', { body: userBody('carol@example.test', { emails: emails(5) }) });
    const Operations = emails(6, 100).map((email) => ({ op: 'add', path: 'emails', value: [email] }));
    const res = await h.call('PATCH', '/Users/id-0001', { body: { schemas: [PATCH_OP], Operations } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ scimType: 'tooMany' });
    expect(res.json.detail).toMatch(/"emails" would hold 11 values/);
    const stored = await h.call('GET', '/Users/id-0001');
    expect(stored.json.emails).toHaveLength(5);
  });

  it('refuses a PATCH whose operations together scan more values than the bound (operations x values)', async () => {
    const h = createHarness({ limits });
    await h.call('POST', '/Users', { body: userBody('erin@example.test', { emails: emails(10) }) });
    // A filter that does not pin `value` is tested against every element (`value eq` ones are looked up).
    const filtered = (count: number) =>
      Array.from({ length: count }, (_, i) => ({
        op: 'replace',
        path: `emails[value sw "a${i % 10}@"].type`,
        value: 'work',
      }));
    // The first operation on emails is free (loading the list once); each later one reads all 10 values.
    const atBound = await h.call('PATCH', '/Users/id-0001', {
      body: { schemas: [PATCH_OP], Operations: filtered(6) },
    });
    expect(atBound.status).toBe(200);
    const over = await h.call('PATCH', '/Users/id-0001', {
      body: { schemas: [PATCH_OP], Operations: filtered(7) },
    });
    expect(over.status).toBe(400);
    expect(over.json).toMatchObject({ scimType: 'tooMany' });
    expect(over.json.detail).toMatch(/read more than 50 values/);
  });

  it('does not count value-pinned filters as scans: they find their element by its value (issue #13)', async () => {
    const h = createHarness({ limits });
    await h.call('POST', '/Users', { body: userBody('fay@example.test', { emails: emails(10) }) });
    const Operations = Array.from({ length: 20 }, (_, i) => ({
      op: 'replace',
      path: `emails[value eq "A${i % 10}@EXAMPLE.test"].type`,
      value: `t${i}`,
    }));
    const res = await h.call('PATCH', '/Users/id-0001', { body: { schemas: [PATCH_OP], Operations } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect((res.json.emails as { type: string }[]).map((email) => email.type)).toEqual(
      Array.from({ length: 10 }, (_, i) => `t${i + 10}`),
    );
  });

  it('counts extension attributes and path-less values too', async () => {
    const h = createHarness({ limits });
    await h.call('POST', '/Users', { body: userBody('dan@example.test') });
    const res = await h.call('PATCH', '/Users/id-0001', {
      body: { schemas: [PATCH_OP], Operations: [{ op: 'add', value: { emails: emails(11) } }] },
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ scimType: 'tooMany' });
  });

  it('does not cap group members: large groups are real', async () => {
    const h = createHarness({ limits });
    const users: string[] = [];
    for (let i = 0; i < 15; i++) {
      const res = await h.call('POST', '/Users', { body: userBody(`m${i}@example.test`) });
      users.push(res.json.id as string);
    }
    const res = await h.call('POST', '/Groups', {
      body: { schemas: [CORE_GROUP], displayName: 'Big', members: users.map((value) => ({ value })) },
    });
    expect(res.status).toBe(201);
    expect(res.json.members).toHaveLength(15);
  });
});

describe('notices per request', () => {
  it('hands over at most MAX_NOTICES short notices and a summary of the rest', async () => {
    const h = createHarness();
    const created = await h.call('POST', '/Groups', { body: { schemas: [CORE_GROUP], displayName: 'G' } });
    const long = 'x'.repeat(5000);
    const Operations = Array.from({ length: 200 }, (_, i) => ({
      op: 'add',
      path: 'members',
      value: [{ value: `missing-${i}-${long}` }],
    }));
    const res = await h.call('PATCH', `/Groups/${created.json.id as string}`, {
      body: { schemas: [PATCH_OP], Operations },
    });
    expect(res.status).toBe(204);
    expect(h.notices).toHaveLength(MAX_NOTICES + 1);
    for (const notice of h.notices) expect(notice.detail.length).toBeLessThanOrEqual(MAX_NOTICE_LENGTH);
    expect(h.notices.at(-1)).toEqual({
      code: 'more',
      detail: '180 more notices not listed (180 unknown-member).',
    });
    expect(JSON.stringify(h.notices).length).toBeLessThan(10_000);
  });
});
