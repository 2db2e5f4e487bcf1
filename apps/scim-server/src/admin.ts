/**
 * The admin API (behind ADMIN_TOKEN). `GET /admin/journal?since=&limit=` streams the journal as a sync-event log (docs/rules.md,
 * Sync-event logs): JSON Lines, one SCIM request a line, with the id the server assigned on each POST, so real traffic
 * can be replayed against new rules with `scim-rules simulate`.
 */
import type { JournalEntry } from '@scim-connector/scim';
import { Router } from 'express';
import type { Logger } from 'pino';
import { dateTime, integer, parseQuery, sendInputError } from './admin/admin-query.ts';

const JOURNAL_PARAMS = { since: dateTime, limit: integer(1, 10_000_000) };

export function adminRoutes(
  readJournal: (options: { since?: string; limit?: number }) => AsyncIterable<JournalEntry>,
  logger: Logger,
): Router {
  const router = Router();
  router.get('/journal', async (req, res, next) => {
    let options: { since?: string; limit?: number };
    try {
      options = parseQuery(req.query, JOURNAL_PARAMS);
    } catch (error) {
      if (!sendInputError(res, error)) next(error);
      return;
    }
    res.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="journal.jsonl"');
    try {
      for await (const entry of readJournal(options)) {
        if (!res.write(`${JSON.stringify(toLogLine(entry))}\n`)) await drained(res);
      }
      res.end();
    } catch (error) {
      // Nothing sent yet (the first page failed, e.g. the database is away): the app's error handler answers.
      if (!res.headersSent) {
        res.removeHeader('Content-Disposition');
        next(error);
        return;
      }
      logger.error({ err: error }, 'journal export failed');
      // Headers are gone already; cutting the stream short is the only honest signal left.
      res.destroy();
    }
  });
  return router;
}

/** Field order as the log format shows it: method, path, body, then id. */
function toLogLine(entry: JournalEntry): JournalEntry {
  const line: JournalEntry = { method: entry.method, path: entry.path };
  if (entry.body !== undefined) line.body = entry.body;
  if (entry.id !== undefined) line.id = entry.id;
  return line;
}

function drained(res: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => res.once('drain', () => resolve()));
}
