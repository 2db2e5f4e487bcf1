/** What every store module needs besides the query executor: the dialect and the clock. */
import type { DialectName } from './connection/dialect-name.ts';
import { MAX_IN_MEMORY_ROWS } from './listing/in-memory-bound.ts';

export interface StoreContext {
  dialect: DialectName;
  /** The current time as an ISO 8601 string (the format every timestamp column holds). */
  now(): string;
  /** Milliseconds since the epoch, for lease and retry arithmetic. */
  nowMs(): number;
  /** The bound on rows a list request reads into memory (listing/in-memory-bound.ts). */
  maxInMemoryRows: number;
}

export function createContext(
  dialect: DialectName,
  clock: () => Date = () => new Date(),
  maxInMemoryRows = MAX_IN_MEMORY_ROWS,
): StoreContext {
  return {
    dialect,
    maxInMemoryRows,
    now: () => clock().toISOString(),
    nowMs: () => clock().getTime(),
  };
}

/** Normalises a caller's ISO timestamp so stored timestamps compare correctly as text. */
export function toIsoTimestamp(value: string, what: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new Error(`${what} "${value}" is not an ISO 8601 date-time`);
  return new Date(time).toISOString();
}
