/** What every store module needs besides the query executor: the dialect and the clock. */
import type { DialectName } from './connection/dialect-name.ts';

export interface StoreContext {
  dialect: DialectName;
  /** The current time as an ISO 8601 string (the format every timestamp column holds). */
  now(): string;
  /** Milliseconds since the epoch, for lease and retry arithmetic. */
  nowMs(): number;
}

export function createContext(dialect: DialectName, clock: () => Date = () => new Date()): StoreContext {
  return {
    dialect,
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
