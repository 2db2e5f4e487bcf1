/**
 * Fluent's list filters: a value matches when it equals any of the given patterns, where `%` stands for any run
 * of characters (as in `ref: "%arietta%"`). Matching is case-sensitive. `_` is literal: usernames contain it.
 */
export function matchesAny(value: string | undefined, patterns: readonly (string | null)[]): boolean {
  if (value === undefined) return false;
  return patterns.some((pattern) => pattern !== null && matchesPattern(value, pattern));
}

export function matchesPattern(value: string, pattern: string): boolean {
  if (!pattern.includes('%')) return value === pattern;
  const parts = pattern.split('%');
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (!value.startsWith(first) || value.length < first.length + last.length || !value.endsWith(last))
    return false;
  let position = first.length;
  const end = value.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = value.indexOf(middle, position);
    if (found === -1 || found + middle.length > end) return false;
    position = found + middle.length;
  }
  return true;
}
