/**
 * Store errors and the translation of driver constraint errors into the port's `UniquenessConflict`, so a race
 * the pre-check could not see (two concurrent creates) still surfaces as the same typed error.
 */
import type { UniquenessConflict } from '@scim-connector/scim';

/** The resource an update addressed does not exist (the caller should answer 404). */
export class ResourceNotFound extends Error {
  constructor(
    readonly resourceType: 'User' | 'Group',
    readonly id: string,
  ) {
    super(`${resourceType} "${id}" does not exist`);
    this.name = 'ResourceNotFound';
  }
}

interface DriverError {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
}

function isUniqueViolation(error: unknown): error is DriverError {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as DriverError).code;
  // 23505: PostgreSQL unique_violation; SQLite reports UNIQUE and PRIMARY KEY violations by these codes.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Runs `write`; a unique violation becomes the UniquenessConflict that `conflictFor` picks by the violated
 * constraint (PostgreSQL names it; SQLite's message names the column), anything else is rethrown.
 */
export async function translateUniqueViolation<T>(
  write: () => Promise<T>,
  conflictFor: (constraint: string) => UniquenessConflict,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) {
      const constraint = typeof error.constraint === 'string' ? error.constraint : String(error.message);
      throw conflictFor(constraint);
    }
    throw error;
  }
}

/** PostgreSQL aborted the transaction to break a deadlock; running it again is safe. */
export function isDeadlock(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as DriverError).code === '40P01';
}

const DEADLOCK_ATTEMPTS = 3;

/**
 * Runs a whole transaction again when PostgreSQL chose it as a deadlock victim (two transactions locking the
 * same rows in opposite orders). Writers sort what they lock, so this is rare; it must never reach a client.
 */
export async function retryOnDeadlock<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (!isDeadlock(error) || attempt >= DEADLOCK_ATTEMPTS) throw error;
    }
  }
}
