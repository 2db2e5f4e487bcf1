/**
 * The admin API (behind ADMIN_TOKEN). `GET /admin/journal?since=&limit=&cursor=&pseudonymize=` sends a page of the
 * journal as a sync-event log (docs/admin-api.md; docs/rules.md, Sync-event logs): JSON Lines, one SCIM request a
 * line, with the id the server assigned on each POST and the time it accepted the write, so real traffic can be
 * replayed against new rules with `scim-rules simulate`. Pages are bounded (`limit`, at most 10,000 lines); the
 * `Next-Cursor` header carries the cursor of the next page, as `nextCursor` does in the JSON routes, since a line of
 * its own would break the log. `pseudonymize=true` replaces personal data with pseudonyms under the key of
 * JOURNAL_PSEUDONYM_KEY_FILE, the same for every page and request, or, without one, under a key drawn for this one
 * response (docs/rules.md, Committing a journal: pseudonymized).
 */
import { randomBytes } from 'node:crypto';
import { createPseudonymizer, type JournalEntry } from '@scim-connector/scim';
import { Router } from 'express';
import type { Logger } from 'pino';
import {
  cursorOf,
  dateTime,
  encodeCursor,
  integer,
  oneOf,
  parseQuery,
  sendInputError,
} from './admin/admin-query.ts';
import type { AppStore } from './app.ts';

/** Lines per page: the default, and the most one request may ask for (the page is held in memory to know if more follow). */
export const JOURNAL_DEFAULT_LIMIT = 1000;
export const JOURNAL_MAX_LIMIT = 10_000;
const JOURNAL_LIST = 'journal';

const JOURNAL_PARAMS = {
  since: dateTime,
  limit: integer(1, JOURNAL_MAX_LIMIT),
  cursor: cursorOf(JOURNAL_LIST, (value) =>
    typeof value.seq === 'number' && Number.isSafeInteger(value.seq) && value.seq >= 0
      ? value.seq
      : undefined,
  ),
  pseudonymize: oneOf(['true', 'false'] as const),
};

/** One exported line: the log format's fields in its order, then when the server accepted the write. */
type JournalLine = JournalEntry & { at: string };

export interface AdminRouteOptions {
  /**
   * JOURNAL_PSEUDONYM_KEY_FILE's key: every page and request pseudonymizes under it, so pseudonyms compare across
   * pages. Absent, each response draws a random key and its pseudonyms compare within that response only.
   */
  pseudonymKey?: Uint8Array;
}

export function adminRoutes(
  readJournal: AppStore['readJournal'],
  logger: Logger,
  options: AdminRouteOptions = {},
): Router {
  // One pseudonymizer for the process: the key never changes after start.
  const stable = options.pseudonymKey ? createPseudonymizer(options.pseudonymKey) : undefined;
  const router = Router();
  router.get('/journal', async (req, res, next) => {
    let params: ReturnType<typeof parseJournalQuery>;
    try {
      params = parseJournalQuery(req.query);
    } catch (error) {
      if (!sendInputError(res, error)) next(error);
      return;
    }
    const limit = params.limit ?? JOURNAL_DEFAULT_LIMIT;
    const page: { seq: number; at: string; entry: JournalEntry }[] = [];
    try {
      for await (const record of readJournal({
        limit: limit + 1,
        ...(params.since !== undefined && { since: params.since }),
        ...(params.cursor !== undefined && { afterSeq: params.cursor }),
      })) {
        page.push(record);
      }
    } catch (error) {
      // Nothing sent yet (the database is away): the app's error handler answers.
      next(error);
      return;
    }
    const more = page.length > limit;
    const lines = page.slice(0, limit);
    const last = lines.at(-1);
    const pseudonymize =
      params.pseudonymize === 'true' ? (stable ?? createPseudonymizer(randomBytes(32))) : undefined;
    res.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="journal.jsonl"');
    if (more && last) res.setHeader('Next-Cursor', encodeCursor(JOURNAL_LIST, { seq: last.seq }));
    try {
      for (const record of lines) {
        const entry = pseudonymize ? pseudonymize.entry(record.entry) : record.entry;
        if (!res.write(`${JSON.stringify(toLogLine(entry, record.at))}\n`)) await drained(res);
      }
      res.end();
    } catch (error) {
      logger.error({ err: error }, 'journal export failed');
      // Headers are gone already; cutting the stream short is the only honest signal left.
      res.destroy();
    }
  });
  return router;
}

function parseJournalQuery(query: unknown) {
  return parseQuery(query, JOURNAL_PARAMS);
}

/** Field order as the log format shows it: method, path, body, id, then the time. */
function toLogLine(entry: JournalEntry, at: string): JournalLine {
  const line: JournalEntry = { method: entry.method, path: entry.path };
  if (entry.body !== undefined) line.body = entry.body;
  if (entry.id !== undefined) line.id = entry.id;
  return { ...line, at };
}

function drained(res: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => res.once('drain', () => resolve()));
}
