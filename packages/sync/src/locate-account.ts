/**
 * Finds the platform account a directory user corresponds to, and whether the connector may treat it as its
 * own (the `platform.linked` fact). The rules, in order (see link-state.ts for the link's states):
 *
 * 1. A link to an account: look the account up by the link's username (platform usernames are immutable, so a
 *    user renamed in the IdP keeps their account). Found with the linked id: linked. Found with another id:
 *    someone else's account, not linked. Not found: there is no account (the platform lost it).
 * 2. A create intent: an account with the intended username is the one an interrupted create made: linked,
 *    created by the connector. This is what makes a push repeated after a crash idempotent.
 * 3. Otherwise: an account with the directory userName exists but the connector never created it: not linked
 *    (governance's `not-new` rule blocks unless the rules allow adopting existing accounts).
 *
 * A create intent can only point at a foreign account if another party created the same username between the
 * engine's look-up and its create, and the process then died before the failed create cleared the intent; the
 * window is one platform round trip, and the create itself would have failed as a duplicate.
 */
import type { PlatformClient, PlatformUser } from '@scim-connector/platform';
import type { LinkRecord } from './link-state.ts';

export interface LocatedAccount {
  account: PlatformUser | undefined;
  linked: boolean;
  createdByConnector: boolean;
}

export async function locateAccount(
  platform: Pick<PlatformClient, 'findUserByUsername'>,
  record: LinkRecord | undefined,
  userName: string,
): Promise<LocatedAccount> {
  const link = record?.link;
  if (link?.kind === 'linked') {
    const account = await platform.findUserByUsername(link.username);
    if (account === undefined) return { account, linked: false, createdByConnector: false };
    const linked = account.id === link.platformUserId;
    return { account, linked, createdByConnector: linked && link.createdByConnector };
  }
  if (link?.kind === 'creating') {
    const account = await platform.findUserByUsername(link.username);
    return { account, linked: account !== undefined, createdByConnector: account !== undefined };
  }
  // absent, not-linked, unreadable or no link at all: whatever account has the name is not the connector's.
  const account = await platform.findUserByUsername(userName);
  return { account, linked: false, createdByConnector: false };
}
