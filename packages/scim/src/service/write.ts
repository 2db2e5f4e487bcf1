/**
 * Running one SCIM write as one store transaction (a create as one store call, `withScimUniqueness`). Writes carry the
 * version they read, so a concurrent writer that slipped in between is detected by the store; without `If-Match`
 * the whole read-modify-write is retried (the client never asked to pin a version), with `If-Match` the client
 * gets 412. Store uniqueness conflicts become SCIM 409 `uniqueness`.
 */
import { conflict, preconditionFailed, uniqueness } from '../errors.ts';
import { type ScimStore, type ScimTransaction, UniquenessConflict, VersionConflict } from '../store/port.ts';

const MAX_ATTEMPTS = 3;

export async function runWrite<T>(
  store: ScimStore,
  ifMatch: string | undefined,
  work: (tx: ScimTransaction) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withScimUniqueness(() => store.transaction(work));
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      if (ifMatch !== undefined) {
        throw preconditionFailed(
          `The resource changed while the request was applied (now at version W/"${error.currentVersion}"); ` +
            'fetch it again and retry with its new ETag.',
        );
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw conflict(
          'The resource is being changed by other requests at the same moment; retry the request.',
        );
      }
    }
  }
}

/**
 * One store write with the store's uniqueness conflicts as SCIM 409 `uniqueness`. A create (`store.createUser`)
 * is just this: it has no version to race on, so nothing to retry.
 */
export async function withScimUniqueness<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof UniquenessConflict) throw uniquenessError(error);
    throw error;
  }
}

function uniquenessError(error: UniquenessConflict) {
  const subject = error.attribute === 'displayName' ? 'A group' : 'A user';
  return uniqueness(
    `${subject} with ${error.attribute} "${error.value}" already exists (${error.attribute} is unique, compared ` +
      'case-insensitively). Match the existing resource instead of creating a new one.',
  );
}
