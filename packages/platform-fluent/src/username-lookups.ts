/**
 * Username look-ups started in the same turn of the event loop, sent to Fluent as one `users(username: [...])`
 * query. The sync worker starts several pushes at once and each begins by looking its account up; Fluent's
 * `users` filter takes a list, so one request can answer them all (docs/architecture.md §6.2, "Platform calls
 * sent together"). Every caller still gets exactly the account with its username, or none:
 *
 * - a name with `%` is a pattern to Fluent's filters, so it is looked up alone, by the paging scan it always had;
 * - a name missing from a page that has more after it may be on a later page (Fluent may match more than the names
 *   asked for), so it too is looked up alone;
 * - nothing is cached: every look-up is answered by a request made after it was asked;
 * - two accounts with the one username fail that look-up rather than pick one (fail closed);
 * - a shared request that fails fails the names in it, each with its error; a name looked up alone keeps its own.
 */
import { PlatformError, type PlatformUser } from '@scim-connector/platform';
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
  const answers = new Map<string, Promise<Answer>>();
  const alone = (name: string) => answers.set(name, deps.findOne(name).catch(asError));
  const together = new Set<string>();
  for (const name of new Set(names)) {
    if (name.includes('%')) alone(name);
    else together.add(name);
  }
  if (together.size === 1) {
    for (const name of together) alone(name);
  } else if (together.size > 1) {
    for (const [name, answer] of await answersFromOnePage(deps, together)) {
      if (answer === MAYBE_ON_A_LATER_PAGE) alone(name);
      else answers.set(name, Promise.resolve(answer));
    }
  }
  const settled = new Map<string, Answer>();
  for (const [name, answer] of answers) settled.set(name, await answer);
  // A name asked twice: the second caller gets its own copy of the account, as from a request of its own.
  const answered = new Set<string>();
  return names.map((name) => {
    const answer = settled.has(name) ? settled.get(name) : new Error(`no answer for ${name}`);
    if (answered.has(name)) return copyOf(answer);
    answered.add(name);
    return answer;
  });
}

const MAYBE_ON_A_LATER_PAGE = Symbol('maybe on a later page');

/** Each name's answer from one shared request: its account, none, or a reason to look it up alone. */
async function answersFromOnePage(
  deps: UsernameLookupsDeps,
  together: ReadonlySet<string>,
): Promise<Map<string, Answer | typeof MAYBE_ON_A_LATER_PAGE>> {
  const answers = new Map<string, Answer | typeof MAYBE_ON_A_LATER_PAGE>();
  let page: { nodes: unknown[]; hasMore: boolean };
  try {
    // Each name matches at most one account exactly: a page of twice the names leaves room for the few accounts
    // a `_` or letter case might also match before anything has to be looked up alone.
    page = await deps.findPage([...together], together.size * 2);
  } catch (error) {
    // The request failed for the names in it only; a `%` name looked up alone keeps its own answer.
    for (const name of together) answers.set(name, asError(error));
    return answers;
  }
  const nodesByName = new Map<string, unknown[]>();
  for (const node of page.nodes) {
    const username = asRecord(node)?.username;
    if (typeof username !== 'string' || !together.has(username)) continue;
    const nodes = nodesByName.get(username);
    if (nodes === undefined) nodesByName.set(username, [node]);
    else nodes.push(node);
  }
  for (const name of together) {
    const nodes = nodesByName.get(name) ?? [];
    if (nodes.length > 1) answers.set(name, ambiguous(name, nodes.length));
    else if (nodes.length === 1) answers.set(name, decodeOrError(deps, nodes[0]));
    else answers.set(name, page.hasMore ? MAYBE_ON_A_LATER_PAGE : undefined);
  }
  return answers;
}

function decodeOrError(deps: UsernameLookupsDeps, node: unknown): Answer {
  try {
    return deps.decode(node);
  } catch (error) {
    return asError(error);
  }
}

/** Usernames are unique on Fluent; two accounts with one are not something to pick from (fail closed). */
function ambiguous(name: string, count: number): Error {
  return new PlatformError(`Fluent answered ${count} accounts with the username "${name}"; expected one`, {
    transient: false,
  });
}

/** DataLoader fails a caller whose answer is an Error instance; anything else thrown is wrapped so it still fails. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** An account as a caller's own copy; an error is shared, as errors are never changed once thrown. */
function copyOf(answer: Answer): Answer {
  return answer === undefined || answer instanceof Error ? answer : structuredClone(answer);
}
