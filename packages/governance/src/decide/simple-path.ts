/**
 * Condition paths are simple JSONPaths (`$.a.b`, `$.list[0]`, `$['urn:...'].field`; the schema allows no
 * others). Resolving them with a compiled accessor instead of a general JSONPath engine is what keeps a
 * decision in microseconds.
 */
const SEGMENT = /\.([A-Za-z_$][A-Za-z0-9_$]*)|\[([0-9]+)\]|\['([^']*)'\]/y;
const compiled = new Map<string, readonly (string | number)[]>();

export function pathSegments(path: string): readonly (string | number)[] {
  let segments = compiled.get(path);
  if (segments) return segments;
  if (!path.startsWith('$')) throw new Error(`path '${path}' must start with '$'`);
  const parts: (string | number)[] = [];
  SEGMENT.lastIndex = 1;
  while (SEGMENT.lastIndex < path.length) {
    const start = SEGMENT.lastIndex;
    const match = SEGMENT.exec(path);
    if (!match) throw new Error(`path '${path}' is not a simple JSONPath (at character ${start})`);
    parts.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : (match[3] as string)));
  }
  segments = parts;
  compiled.set(path, segments);
  return segments;
}

export function resolvePath(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of pathSegments(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
