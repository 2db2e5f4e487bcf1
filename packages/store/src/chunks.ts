/**
 * Splits id lists so one statement never exceeds the bind-parameter limits (SQLite 32766, PostgreSQL 65535)
 * however large a group grows.
 */
export const CHUNK_SIZE = 500;

export function chunks<T>(items: readonly T[], size = CHUNK_SIZE): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
