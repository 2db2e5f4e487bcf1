/**
 * The connector extension of SCIM User resources (docs/architecture.md §5.4), from the platform links: the platform status as of
 * the last sync (or why there is no account), the reasons of a blocked decision, and when the user was last
 * synced. Plugs into the SCIM service's `userExtension` hook.
 */
import type { UserExtensionState } from '@scim-connector/scim';
import type { ReconcileStore, SyncStore } from '@scim-connector/store';
import { type LinkRecord, readLink, shownStatus } from './link-state.ts';

/** The extension for a page of users: one read of their links, parking and drift, however many users it shows. */
export async function connectorStatus(
  store: Pick<SyncStore, 'getLinks' | 'parkedErrors'> & Pick<ReconcileStore, 'driftDetectedAtOfUsers'>,
  userIds: readonly string[],
): Promise<Map<string, UserExtensionState>> {
  const [links, parked, drifted] = await Promise.all([
    store.getLinks(userIds),
    store.parkedErrors(userIds),
    store.driftDetectedAtOfUsers(userIds),
  ]);
  const states = new Map<string, UserExtensionState>();
  for (const [userId, link] of links) states.set(userId, extensionState(readLink(link)));
  // A parked user waits for an admin: say so, with the error, rather than show the state before the failure
  // (a first create that the platform refused would otherwise read ABSENT, as if nothing were wrong).
  for (const [userId, error] of parked) {
    const state = states.get(userId) ?? {};
    states.set(userId, { ...state, platformStatus: 'PARKED', ...(error !== '' && { syncError: error }) });
  }
  for (const [userId, driftDetectedAt] of drifted) {
    const state = states.get(userId);
    if (state) state.driftDetectedAt = driftDetectedAt;
  }
  return states;
}

export function extensionState(record: LinkRecord): UserExtensionState {
  const state: UserExtensionState = {
    platformStatus: shownStatus(record.link),
    lastSyncedAt: record.lastSyncedAt,
  };
  const decision = record.lastDecision;
  // Shown whatever the outcome: an account deactivated for no-roles still says which roles were withheld.
  if (decision !== undefined && decision.blockedReasons.length > 0)
    state.blockedReasons = [...decision.blockedReasons];
  return state;
}
