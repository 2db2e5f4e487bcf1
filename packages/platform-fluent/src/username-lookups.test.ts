import type { PlatformUser } from '@scim-connector/platform';
import { PlatformError } from '@scim-connector/platform';
import { describe, expect, it } from 'vitest';
import { createUsernameLookups, MAX_NAMES_PER_LOOKUP } from './username-lookups.ts';

const account = (username: string, id = `id-${username}`): PlatformUser => ({
  id,
  username,
  ref: username,
  status: 'ACTIVE',
  profile: {},
  userType: { type: 'ADMIN' },
  roles: [],
});

/**
 * A platform holding `usernames`, whose `users(username: [...])` filter also matches the names in `alsoMatches`
 * (as a `_` or letter case might on Fluent), newest first. Records every request.
 */
function fakePlatform(usernames: string[], alsoMatches: Record<string, string[]> = {}) {
  const pages: { usernames: string[]; first: number }[] = [];
  const single: string[] = [];
  const nodeOf = (username: string) => ({ id: `id-${username}`, username });
  return {
    pages,
    single,
    deps: {
      findOne: async (username: string) => {
        single.push(username);
        return usernames.includes(username) ? account(username) : undefined;
      },
      findPage: async (asked: string[], first: number) => {
        pages.push({ usernames: asked, first });
        const matched = asked.flatMap((name) => [
          ...(alsoMatches[name] ?? []),
          ...(usernames.includes(name) ? [name] : []),
        ]);
        return { nodes: matched.slice(0, first).map(nodeOf), hasMore: matched.length > first };
      },
      decode: (node: unknown) => {
        const { username } = node as { username: string };
        if (username.startsWith('broken')) throw new PlatformError('malformed user', { transient: false });
        return account(username);
      },
    },
  };
}

describe('username look-ups', () => {
  it('sends the look-ups started in one turn as one request, each answered with its own account or none', async () => {
    const platform = fakePlatform(['ada@example.com', 'bob@example.com']);
    const lookups = createUsernameLookups(platform.deps);
    const found = await Promise.all(
      ['ada@example.com', 'nobody@example.com', 'bob@example.com'].map((name) => lookups.find(name)),
    );
    expect(found.map((user) => user?.username)).toEqual(['ada@example.com', undefined, 'bob@example.com']);
    expect(platform.pages).toEqual([
      { usernames: ['ada@example.com', 'nobody@example.com', 'bob@example.com'], first: 6 },
    ]);
    expect(platform.single).toEqual([]);
  });

  it('gathers look-ups made several awaits apart within the same turn', async () => {
    const platform = fakePlatform(['ada@example.com', 'bob@example.com']);
    const lookups = createUsernameLookups(platform.deps);
    const later = async (name: string, awaits: number) => {
      for (let step = 0; step < awaits; step++) await Promise.resolve();
      return lookups.find(name);
    };
    await Promise.all([later('ada@example.com', 0), later('bob@example.com', 25)]);
    expect(platform.pages).toHaveLength(1);
  });

  it('gathers look-ups started by separate callbacks of one turn, as when several responses are read together', async () => {
    const platform = fakePlatform(['ada@example.com', 'bob@example.com', 'cy@example.com']);
    const lookups = createUsernameLookups(platform.deps);
    // Timers due together run in one phase of the event loop, each followed by its own microtasks and ticks.
    const fromCallback = (name: string) =>
      new Promise((resolve, reject) => setTimeout(() => lookups.find(name).then(resolve, reject), 0));
    const found = await Promise.all(
      ['ada@example.com', 'bob@example.com', 'cy@example.com'].map(fromCallback),
    );
    expect(found).toHaveLength(3);
    expect(platform.pages).toHaveLength(1);
  });

  it('looks a lone name up by itself, as before batching', async () => {
    const platform = fakePlatform(['ada@example.com']);
    const lookups = createUsernameLookups(platform.deps);
    expect((await lookups.find('ada@example.com'))?.id).toBe('id-ada@example.com');
    expect(platform.pages).toEqual([]);
    expect(platform.single).toEqual(['ada@example.com']);
  });

  it('asks for a name given twice once, and answers both callers', async () => {
    const platform = fakePlatform(['ada@example.com', 'bob@example.com']);
    const lookups = createUsernameLookups(platform.deps);
    const found = await Promise.all(
      ['ada@example.com', 'bob@example.com', 'ada@example.com'].map((name) => lookups.find(name)),
    );
    expect(found.map((user) => user?.id)).toEqual([
      'id-ada@example.com',
      'id-bob@example.com',
      'id-ada@example.com',
    ]);
    expect(platform.pages[0]?.usernames).toEqual(['ada@example.com', 'bob@example.com']);
  });

  it('never answers with an account whose username only resembles the one asked for', async () => {
    const platform = fakePlatform(['a_b@example.com', 'axb@example.com'], {
      'a_b@example.com': ['axb@example.com'],
      'c@example.com': ['C@example.com'],
    });
    const lookups = createUsernameLookups(platform.deps);
    const [underscore, other] = await Promise.all([
      lookups.find('a_b@example.com'),
      lookups.find('c@example.com'),
    ]);
    expect(underscore?.username).toBe('a_b@example.com');
    expect(other).toBeUndefined();
  });

  it('looks a name up alone when the shared page was full without it', async () => {
    const crowd = ['x1', 'x2', 'x3', 'x4', 'x5'].map((name) => `${name}@example.com`);
    const platform = fakePlatform(['ada@example.com', 'bob@example.com', ...crowd], {
      'ada@example.com': crowd,
    });
    const lookups = createUsernameLookups(platform.deps);
    const [ada, bob] = await Promise.all([lookups.find('ada@example.com'), lookups.find('bob@example.com')]);
    // The page of four held four of the five accounts that also matched ada's name: ada and bob could be on a
    // later page, so each is looked up alone.
    expect(ada?.username).toBe('ada@example.com');
    expect(bob?.username).toBe('bob@example.com');
    expect(platform.single.sort()).toEqual(['ada@example.com', 'bob@example.com']);
  });

  it('looks a name with % up alone: to Fluent it is a pattern', async () => {
    const platform = fakePlatform(['a%b@example.com', 'ada@example.com', 'bob@example.com']);
    const lookups = createUsernameLookups(platform.deps);
    const found = await Promise.all(
      ['a%b@example.com', 'ada@example.com', 'bob@example.com'].map((name) => lookups.find(name)),
    );
    expect(found.map((user) => user?.username)).toEqual([
      'a%b@example.com',
      'ada@example.com',
      'bob@example.com',
    ]);
    expect(platform.pages.map((page) => page.usernames)).toEqual([['ada@example.com', 'bob@example.com']]);
    expect(platform.single).toEqual(['a%b@example.com']);
  });

  it(`asks for at most ${MAX_NAMES_PER_LOOKUP} names per request`, async () => {
    const names = Array.from({ length: MAX_NAMES_PER_LOOKUP * 2 + 1 }, (_, index) => `u${index}@example.com`);
    const platform = fakePlatform(names);
    const lookups = createUsernameLookups(platform.deps);
    const found = await Promise.all(names.map((name) => lookups.find(name)));
    expect(found.map((user) => user?.username)).toEqual(names);
    expect(platform.pages.map((page) => page.usernames.length)).toEqual([
      MAX_NAMES_PER_LOOKUP,
      MAX_NAMES_PER_LOOKUP,
    ]);
    expect(platform.single).toEqual([names.at(-1)]);
  });

  it('fails the callers of a shared request that fails with its error, not a name looked up alone', async () => {
    const platform = fakePlatform(['a%b@example.com']);
    const unreachable = new PlatformError('Fluent unreachable', { transient: true });
    const failing = createUsernameLookups({
      ...platform.deps,
      findPage: async () => {
        throw unreachable;
      },
    });
    const [ada, bob, pattern] = await Promise.allSettled([
      failing.find('ada@example.com'),
      failing.find('bob@example.com'),
      failing.find('a%b@example.com'),
    ]);
    expect(ada).toEqual({ status: 'rejected', reason: unreachable });
    expect(bob).toEqual({ status: 'rejected', reason: unreachable });
    expect(pattern).toMatchObject({ status: 'fulfilled', value: { username: 'a%b@example.com' } });
  });

  it('fails only the caller of a malformed account', async () => {
    const platform = fakePlatform(['ada@example.com', 'broken@example.com']);
    const lookups = createUsernameLookups(platform.deps);
    const [ada, broken] = await Promise.allSettled([
      lookups.find('ada@example.com'),
      lookups.find('broken@example.com'),
    ]);
    expect(ada).toMatchObject({ status: 'fulfilled', value: { username: 'ada@example.com' } });
    expect(broken).toMatchObject({ status: 'rejected', reason: { message: 'malformed user' } });
  });

  it('refuses to pick between two accounts answered with the same username', async () => {
    const platform = fakePlatform(['ada@example.com', 'bob@example.com'], {
      'ada@example.com': ['ada@example.com'],
    });
    const lookups = createUsernameLookups(platform.deps);
    const [ada, bob] = await Promise.allSettled([
      lookups.find('ada@example.com'),
      lookups.find('bob@example.com'),
    ]);
    expect(ada).toMatchObject({ status: 'rejected', reason: { transient: false } });
    expect(String((ada as PromiseRejectedResult).reason)).toMatch(
      /2 accounts with the username "ada@example.com"/,
    );
    expect(bob).toMatchObject({ status: 'fulfilled', value: { username: 'bob@example.com' } });
  });

  it('answers a name found on a page with more after it from that page', async () => {
    const crowd = ['x1', 'x2', 'x3'].map((name) => `${name}@example.com`);
    const platform = fakePlatform(['ada@example.com', 'bob@example.com', ...crowd], {
      'bob@example.com': crowd,
    });
    const lookups = createUsernameLookups(platform.deps);
    // Asked [ada, bob]: matches ada, x1, x2, x3, bob; the page of four holds ada but not bob.
    const [ada, bob] = await Promise.all([lookups.find('ada@example.com'), lookups.find('bob@example.com')]);
    expect(ada?.username).toBe('ada@example.com');
    expect(bob?.username).toBe('bob@example.com');
    expect(platform.single).toEqual(['bob@example.com']);
  });

  it('gives each caller of the same name its own copy of the account', async () => {
    const platform = fakePlatform(['ada@example.com', 'bob@example.com']);
    const lookups = createUsernameLookups(platform.deps);
    const [first, , second] = await Promise.all(
      ['ada@example.com', 'bob@example.com', 'ada@example.com'].map((name) => lookups.find(name)),
    );
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });

  it('answers every look-up from a request made after it was asked, never from an earlier answer', async () => {
    const platform = fakePlatform([]);
    const lookups = createUsernameLookups(platform.deps);
    expect(await lookups.find('ada@example.com')).toBeUndefined();
    platform.deps.findOne = async (username) => account(username);
    expect((await lookups.find('ada@example.com'))?.username).toBe('ada@example.com');
    expect(platform.single).toEqual(['ada@example.com']);
  });
});
