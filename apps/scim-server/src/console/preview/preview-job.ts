/**
 * The rules impact preview as a background job (docs/architecture.md, "The rules impact preview"): every current
 * user, walked in keyset pages of PAGE users by (folded userName, id), decided under the rules in force and under
 * the proposal (store-decider.ts). Memory stays bounded whatever the directory's size: one page of users, a count
 * per change kind, the first EXAMPLES users of each kind and the first FAILURES_KEPT failures; the full list of
 * changed users goes to a CSV file on disk as the walk goes, which the console streams on request.
 *
 * One job at a time per server: a second start is refused while one runs. The last job's result stays until the
 * next one starts (its CSV file is removed then, or when the server stops).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import type { Store } from '@scim-connector/store';
import { csvLine } from '../csv.ts';
import { CHANGE_KINDS, type ChangeKind } from './decision-diff.ts';
import type { StoreDecider, UserVerdict } from './store-decider.ts';

export const PAGE = 500;
export const EXAMPLES = 50;
export const FAILURES_KEPT = 20;
/**
 * Decisions resolve without I/O, so a page would run as one task: the walk lets the server answer other requests
 * after every YIELD_EVERY users (at 100,000 users, one yield per 500 kept result pages waiting ~0.5 s at worst).
 */
const YIELD_EVERY = 50;

export const CSV_HEADER = [
  'userName',
  'userId',
  'changes',
  'outcome now',
  'outcome proposed',
  'reasons now',
  'reasons proposed',
  'roles granted',
  'roles revoked',
  'unresolved now',
  'unresolved proposed',
] as const;

export interface ChangedUser {
  userId: string;
  userName: string;
  verdict: UserVerdict;
}

export interface PreviewProgress {
  id: string;
  file: string;
  startedAt: string;
  finishedAt: string | undefined;
  state: 'running' | 'done' | 'failed';
  /** Why the job stopped, when it failed. */
  error: string | undefined;
  /** Users in the directory when the job started (the walk may find a few more or less). */
  expected: number;
  examined: number;
  changed: number;
  counts: Record<ChangeKind, number>;
  examples: Record<ChangeKind, ChangedUser[]>;
  /** Users that could not be decided (a bad stored document, a catalogue that cannot be read). */
  failedUsers: number;
  failures: { userName: string; error: string }[];
}

export type StartResult = { ok: true; job: PreviewProgress } | { ok: false; running: PreviewProgress };

export interface PreviewJobs {
  start(options: { file: string; decider: StoreDecider; expected: number }): Promise<StartResult>;
  /** The running job, or the last one that ran; undefined before the first. */
  latest(): PreviewProgress | undefined;
  /** The CSV of the latest finished job's changed users, or undefined while it runs or before any. */
  csvFile(): string | undefined;
  /** Stops the running job (its result reads as failed) and removes the files. */
  close(): Promise<void>;
}

interface Job {
  progress: PreviewProgress;
  /** Set once the job's directory exists; a job that failed before has none. */
  dir: string | undefined;
  csv: string | undefined;
  run: Promise<void>;
}

export function createPreviewJobs(store: Store, onError: (error: unknown) => void = () => {}): PreviewJobs {
  let current: Job | undefined;
  let closing = false;

  return {
    async start({ file, decider, expected }) {
      if (current?.progress.state === 'running') return { ok: false, running: current.progress };
      // The slot is taken here, before the first await: two requests started together must not both find it free
      // and run two walks (one job at a time, docs/architecture.md "The rules impact preview").
      const previous = current;
      const job: Job = {
        progress: emptyProgress(file, expected),
        dir: undefined,
        csv: undefined,
        run: Promise.resolve(),
      };
      current = job;
      job.run = prepareAndWalk(job, previous, decider).catch((error: unknown) => {
        job.progress.state = 'failed';
        job.progress.error = error instanceof Error ? error.message : String(error);
        job.progress.finishedAt = new Date().toISOString();
        onError(error);
      });
      return { ok: true, job: job.progress };
    },
    latest: () => current?.progress,
    csvFile: () => (current?.progress.state === 'done' ? current.csv : undefined),
    async close() {
      closing = true;
      if (!current) return;
      await current.run;
      if (current.dir !== undefined) await rm(current.dir, { recursive: true, force: true });
    },
  };

  /** Removes the previous job's files, then walks into a directory of this job's own. */
  async function prepareAndWalk(job: Job, previous: Job | undefined, decider: StoreDecider): Promise<void> {
    if (previous?.dir !== undefined) await rm(previous.dir, { recursive: true, force: true });
    job.dir = await mkdtemp(path.join(tmpdir(), 'scim-rules-preview-'));
    job.csv = path.join(job.dir, 'changed-users.csv');
    await walk(store, decider, job.progress, job.csv);
  }

  async function walk(
    source: Store,
    decider: StoreDecider,
    progress: PreviewProgress,
    csv: string,
  ): Promise<void> {
    const out = createWriteStream(csv, { mode: 0o600 });
    try {
      await write(out, csvLine(CSV_HEADER));
      let after: { userNameFolded: string; id: string } | undefined;
      for (;;) {
        if (closing) throw new Error('the server stopped before the preview finished');
        const page = await source.listAdminUsers({ limit: PAGE, ...(after && { after }) });
        const ids = page.items.map((item) => item.id);
        const [states, links] = await Promise.all([source.getDirectoryStates(ids), source.getLinks(ids)]);
        for (const [index, item] of page.items.entries()) {
          if (index > 0 && index % YIELD_EVERY === 0) await yieldToRequests();
          const state = states.get(item.id);
          let verdict: UserVerdict | undefined;
          try {
            verdict = state && (await decider.decide(state, links.get(item.id)));
          } catch (error) {
            progress.failedUsers++;
            if (progress.failures.length < FAILURES_KEPT)
              progress.failures.push({
                userName: item.userName,
                error: error instanceof Error ? error.message : String(error),
              });
            continue;
          }
          if (verdict === undefined) continue; // deleted between the page and the read
          progress.examined++;
          if (verdict.change === undefined) continue;
          progress.changed++;
          const changed = { userId: item.id, userName: item.userName, verdict };
          for (const kind of verdict.change.kinds) {
            progress.counts[kind]++;
            if (progress.examples[kind].length < EXAMPLES) progress.examples[kind].push(changed);
          }
          await write(out, csvRow(changed));
        }
        const last = page.items.at(-1);
        if (!page.more || last === undefined) break;
        after = last.position;
        await yieldToRequests();
      }
    } finally {
      await new Promise<void>((resolve) => out.end(resolve));
    }
    progress.state = 'done';
    progress.finishedAt = new Date().toISOString();
  }
}

function emptyProgress(file: string, expected: number): PreviewProgress {
  const perKind = <T>(value: () => T) =>
    Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, value()])) as Record<ChangeKind, T>;
  return {
    id: randomUUID(),
    file,
    startedAt: new Date().toISOString(),
    finishedAt: undefined,
    state: 'running',
    error: undefined,
    expected,
    examined: 0,
    changed: 0,
    counts: perKind(() => 0),
    examples: perKind((): ChangedUser[] => []),
    failedUsers: 0,
    failures: [],
  };
}

function csvRow({ userId, userName, verdict }: ChangedUser): string {
  const { now, proposed, change } = verdict;
  const list = (values: readonly string[]) => values.join(' ');
  return csvLine([
    userName,
    userId,
    list(change?.kinds ?? []),
    now.outcome,
    proposed.outcome,
    list(now.reasons),
    list(proposed.reasons),
    list(change?.granted ?? []),
    list(change?.revoked ?? []),
    list(now.unresolved),
    list(proposed.unresolved),
  ]);
}

/** Honours back-pressure, so a slow disk holds the walk rather than memory. */
function write(out: WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    out.once('error', onError);
    const flushed = () => {
      out.off('error', onError);
      resolve();
    };
    if (out.write(text)) flushed();
    else out.once('drain', flushed);
  });
}
