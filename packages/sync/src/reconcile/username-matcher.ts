/** RECONCILE_EXCLUDE: usernames matching any pattern are left out of reconciliation (service accounts). */

/** `*` stands for any characters; everything else matches itself, case-insensitively. */
export function usernameMatcher(patterns: readonly string[]): (username: string) => boolean {
  if (patterns.length === 0) return () => false;
  const expressions = patterns.map(
    (pattern) => new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'i'),
  );
  return (username) => expressions.some((expression) => expression.test(username));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
