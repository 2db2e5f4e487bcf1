/**
 * Case-insensitive matching (RFC 7643 `caseExact: false`): values are compared in a folded form, NFC-normalised
 * so that composed and decomposed spellings of the same name collide, then lower-cased.
 */
export function fold(value: string): string {
  return value.normalize('NFC').toLowerCase();
}
