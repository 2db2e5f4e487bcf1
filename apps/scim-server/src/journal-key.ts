/**
 * JOURNAL_PSEUDONYM_KEY_FILE (docs/configuration.md): the HMAC key `GET /admin/journal?pseudonymize=true` uses for
 * every page and request, so pseudonyms stay comparable across pages and exports (docs/admin-api.md). Read once at
 * start: a missing, unreadable or short key stops the server with a ConfigError naming the file, never its content.
 * The bytes are used as they are, as `scim-rules journal pseudonymize --key-file` uses them, so one key file gives
 * the same pseudonyms on the server and in the CLI.
 */
import { readFileSync, statSync } from 'node:fs';
import { MIN_PSEUDONYM_KEY_BYTES } from '@scim-connector/scim';
import { ConfigError } from './config-error.ts';

export function readJournalPseudonymKey(
  env: NodeJS.ProcessEnv,
  resolve: (file: string) => string,
): Uint8Array | undefined {
  const named = env.JOURNAL_PSEUDONYM_KEY_FILE?.trim();
  if (!named) return undefined;
  const file = resolve(named);
  let key: Buffer;
  try {
    if (!statSync(file).isFile()) throw new ConfigError(`JOURNAL_PSEUDONYM_KEY_FILE ${file} is not a file.`);
    key = readFileSync(file);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`JOURNAL_PSEUDONYM_KEY_FILE ${file} cannot be read (${code}).`);
  }
  if (key.length < MIN_PSEUDONYM_KEY_BYTES) {
    throw new ConfigError(
      `JOURNAL_PSEUDONYM_KEY_FILE ${file} holds ${key.length} bytes; the key needs at least ` +
        `${MIN_PSEUDONYM_KEY_BYTES} (e.g. openssl rand -hex 32 > ${named}).`,
    );
  }
  return new Uint8Array(key);
}
