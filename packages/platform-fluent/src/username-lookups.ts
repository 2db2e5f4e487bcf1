/**
 * Username look-ups started in the same turn of the event loop, sent to Fluent as one `users(username: [...])`
 * query. The sync worker starts several pushes at once and each begins by looking its account up; Fluent's
 * `users` filter takes a list, so one request can answer them all (docs/architecture.md, "Batched username
 * look-ups"). Every caller still gets exactly the account with its username, or none:
 *
 * - a name with `%` is a pattern to Fluent's filters, so it is looked up alone, by the paging scan it always had;
 * - a name missing from a page that has more after it may be on a later page (Fluent may match more than the names
 *   asked for), so it too is looked up alone;
 * - nothing is cached: every look-up is answered by a request made after it was asked.
 */
import type { PlatformUser } from '@scim-connector/platform';
import DataLoader from 'dataloader';
import { asRecord } from './errors.ts';

/** Names per request: with at most one page of accounts per request, well below Fluent's complexity limit. */
export const MAX_NAMES_PER_LOOKUP = 25;

export interface UsernameLookupsDeps {
  /** One account by exact username, paging through whatever the filter matches. */
  findOne(username: string): Promise<PlatformUser | undefined>;
  /** The first page of `users(username: usernames, first)`: its raw nodes, and whether a next page exists. */
  findPage(usernames: string[], first: number): Promise<{ nodes: unknown[]; hasMore: boolean }>;
  /** A node of that page as an account; throws a PlatformError on a malformed node. */
  decode(node: unknown): PlatformUser;
}

export interface UsernameLookups {
  find(username: string): Promise<PlatformUser | undefined>;
}

export function createUsernameLookups(deps: UsernameLookupsDeps): UsernameLookups {
  const loader = new DataLoader<string, PlatformUser | undefined>((names) => lookUpTogether(deps, names), {
    cache: false,
    maxBatchSize: MAX_NAMES_PER_LOOKUP,
    // After the current turn's I/O callbacks and microtasks: a worker's pushes reach their look-ups several awaits
    // after they start, later than DataLoader's default (the next tick) would wait.
    batchScheduleFn: (send) => setImmediate(send),
  });
  return { find: (username) => loader.load(username) };
}

type Answer = PlatformUser | undefined | Error;

async function lookUpTogether(deps: UsernameLookupsDeps, names: readonly string[]): Promise<Answer[]> {
  const unique = new Set(names);
  const answers = new Map<string, Promise<Answer>>();
  const alone = (name: string) => answers.set(name, deps.findOne(name).catch(asError));
  const together = new Set<string>();
  for (const name of unique) {
    if (name.includes('%')) alone(name);
    else together.add(name);
  }
  if (together.size === 1) {
    for (const name of together) alone(name);
  } else if (together.size > 1) {
    // Each name matches at most one account exactly: a page of twice the names leaves room for the few accounts
    // a `_` or letter case might also match before anything has to be looked up alone.
    const page = await deps.findPage([...together], together.size * 2);
    const byName = new Map<string, unknown>();
    for (const node of page.nodes) {
      const username = asRecord(node)?.username;
      if (typeof username === 'string' && together.has(username)) byName.set(username, node);
    }
    for (const name of together) {
      const node = byName.get(name);
      if (node !== undefined) answers.set(name, Promise.resolve(decodeOrError(deps, node)));
      else if (page.hasMore) alone(name);
      else answers.set(name, Promise.resolve(undefined));
    }
  }
  // Every name has its answer by now; a missing one would be a bug here, and fails its caller rather than pass.
  return Promise.all(
    names.map((name) => answers.get(name) ?? Promise.resolve(new Error(`no answer for ${name}`))),
  );
}

function decodeOrError(deps: UsernameLookupsDeps, node: unknown): Answer {
  try {
    return deps.decode(node);
  } catch (error) {
    return asError(error);
  }
}

/** DataLoader fails a caller whose answer is an Error instance; anything else thrown is wrapped so it still fails. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
