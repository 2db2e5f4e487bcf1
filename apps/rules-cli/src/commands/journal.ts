/**
 * `scim-rules journal pseudonymize <in.jsonl> <out.jsonl> [--key-file file]`: a journal export with every personal
 * attribute replaced by a keyed pseudonym (createPseudonymizer in @scim-connector/scim), ids, roles and groups kept,
 * so the log can be committed and still replays to the same decisions. Without `--key-file` the key is random for
 * this run and forgotten: pseudonyms are stable within the output only. With one (at least 32 bytes, kept secret,
 * never committed), two exports pseudonymize the same person alike, so committed logs diff cleanly. An output line
 * holds only `method`, `path`, `body`, `id` and `at` (docs/rules.md, Sync-event logs): any other field of the input
 * (headers, a remote address) is dropped, since nothing reads it and it may name a person.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createPseudonymizer, MIN_PSEUDONYM_KEY_BYTES } from '@scim-connector/scim';
import type { Command } from 'commander';
import { EXIT_OK } from '../exit-codes.ts';
import { BadInputError, problemAt } from '../input/input-problem.ts';
import type { CliIo } from '../io.ts';
import { withBadInputReport } from '../output/bad-input.ts';
import { parseLogLine, readEventLog } from '../replay/event-log.ts';

const MIN_KEY_BYTES = MIN_PSEUDONYM_KEY_BYTES;
/** `${users.<userName>}` (docs/rules.md, Sync-event logs), case-insensitive as the replay reads it. */
const USER_PLACEHOLDER = /\$\{users\.([^}]+)\}/gi;

export function registerJournal(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const journal = program.command('journal').description('work on journal exports (GET /admin/journal)');
  journal
    .command('pseudonymize')
    .description(
      'replace names, e-mails and other personal data with stable pseudonyms; keep ids, roles, groups',
    )
    .argument('<in>', 'the journal export (JSON Lines)')
    .argument('<out>', 'where to write the pseudonymized log')
    .option(
      '--key-file <file>',
      `the HMAC key (at least ${MIN_KEY_BYTES} bytes); default: a random key for this run`,
    )
    .action(async (input: string, output: string, options: { keyFile?: string }) => {
      setExitCode(
        await withBadInputReport(io, false, async () => {
          const key = options.keyFile ? await readKey(options.keyFile) : randomBytes(32);
          const pseudonymize = createPseudonymizer(key);
          const lines = await readEventLog(input);
          const out: string[] = [];
          for (const line of lines) {
            const parsed = parseLogLine(line);
            if (!parsed.ok) throw new BadInputError([parsed.problem]);
            const raw = JSON.parse(line.text) as Record<string, unknown>;
            const entry = pseudonymize.entry({
              method: parsed.request.method,
              path: parsed.request.path,
              ...(raw.body !== undefined ? { body: raw.body } : {}),
            });
            const kept = {
              method: entry.method,
              path: entry.path,
              ...(entry.body !== undefined ? { body: entry.body } : {}),
              ...(typeof raw.id === 'string' ? { id: raw.id } : {}),
              ...(typeof raw.at === 'string' ? { at: raw.at } : {}),
            };
            // A hand-written log names users by userName in placeholders: they follow the pseudonym.
            out.push(
              JSON.stringify(kept).replace(
                USER_PLACEHOLDER,
                (_, name: string) => `\${users.${pseudonymize.userName(name)}}`,
              ),
            );
          }
          await writeFile(output, out.length === 0 ? '' : `${out.join('\n')}\n`);
          io.err(
            `wrote ${output}: ${lines.length} lines pseudonymized${options.keyFile ? '' : ' (random key)'}\n`,
          );
          return EXIT_OK;
        }),
      );
    });
}

async function readKey(file: string): Promise<Buffer> {
  let key: Buffer;
  try {
    key = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new BadInputError([problemAt(file, { line: 1, column: 1 }, `cannot read the key file (${code})`)]);
  }
  if (key.length < MIN_KEY_BYTES) {
    throw new BadInputError([
      problemAt(
        file,
        { line: 1, column: 1 },
        `the key must be at least ${MIN_KEY_BYTES} bytes (e.g. openssl rand -hex 32)`,
      ),
    ]);
  }
  return key;
}
