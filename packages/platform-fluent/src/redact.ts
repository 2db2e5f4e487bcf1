/**
 * Last line of defence for "secrets never appear in errors or logs": every message the client builds from text the
 * platform sent back passes through a redactor that masks the configured secrets and live tokens, in case a
 * server or proxy echoes a request.
 */
import type { Redact } from './errors.ts';

export const REDACTED = '[redacted]';

/** Secrets shorter than this are not masked: they would match ordinary words and garble messages. */
const MIN_SECRET_LENGTH = 4;

export function createRedactor(secrets: () => readonly (string | undefined)[]): Redact {
  return (text) => {
    let result = text;
    for (const secret of secrets()) {
      if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
      result = result.split(secret).join(REDACTED);
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) result = result.split(encoded).join(REDACTED);
    }
    return result;
  };
}
