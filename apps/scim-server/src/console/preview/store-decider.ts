/**
 * Decisions taken from what the store holds, with no account read from the platform: the directory user and
 * groups, and for the platform side the account as the last push left it (the stored link). Both rule sets see
 * exactly the same input, so any difference between their decisions is the rules' doing. The catalogue (roles
 * and contexts the platform has) is the one thing the platform is asked, once per preview and not per user
 * (docs/architecture.md, "The rules impact preview").
 */
import type { PlatformState, RuleSet } from '@scim-connector/governance';
import type { PlatformParts } from '@scim-connector/platform';
import { createCachedCatalog } from '@scim-connector/platform';
import { parseRoleName } from '@scim-connector/role-grammar';
import type { DirectoryState, PlatformLink } from '@scim-connector/store';
import { createRulesSource, type LinkRecord, readLink, toDirectoryUser } from '@scim-connector/sync';
import { compareDecisions, type DecisionSummary, summarise, type UserChange } from './decision-diff.ts';

export interface UserVerdict {
  now: DecisionSummary;
  proposed: DecisionSummary;
  change: UserChange | undefined;
}

export interface StoreDecider {
  decide(state: DirectoryState, link: PlatformLink | undefined): Promise<UserVerdict | undefined>;
}

/** A preview lasts minutes at most: nothing the catalogue or the role-mapping setting says is read twice. */
const FOR_THE_PREVIEW = Number.MAX_SAFE_INTEGER;

export function createStoreDecider(options: {
  platform: PlatformParts;
  inForce: RuleSet;
  proposed: RuleSet;
}): StoreDecider {
  const { client } = options.platform;
  const catalog = createCachedCatalog(client, { ttlMs: FOR_THE_PREVIEW });
  const source = (rules: RuleSet) =>
    createRulesSource(() => rules, client, {
      ttlMs: FOR_THE_PREVIEW,
      nowMs: Date.now,
      roleMappingSetting: options.platform.roleMappingSetting,
    });
  const [inForce, proposed] = [source(options.inForce), source(options.proposed)];
  return {
    async decide(state, stored) {
      if (state.user === undefined || state.deleted) return undefined;
      const user = toDirectoryUser({ ...state, user: state.user });
      const platform = platformFromLink(stored && readLink(stored));
      const input = { trigger: 'resync' as const, user, platform };
      const [a, b] = await Promise.all([
        (await inForce.current()).decide(input, catalog),
        (await proposed.current()).decide(input, catalog),
      ]);
      const now = summarise(a);
      const next = summarise(b);
      return { now, proposed: next, change: compareDecisions(now, next) };
    },
  };
}

/**
 * The account as the connector last left it. A create intent or an unreadable link counts as no account, as the
 * engine counts them before it looks; the profile is taken as in step, since a profile push is not a rules matter.
 */
export function platformFromLink(record: LinkRecord | undefined): PlatformState {
  const link = record?.link;
  if (link?.kind === 'linked') {
    const roles = link.roles.flatMap((name) => {
      const parsed = parseRoleName(name);
      return parsed.ok ? [parsed.value] : [];
    });
    return { exists: true, linked: true, status: link.status, roles, profileInSync: true };
  }
  if (link?.kind === 'not-linked') return { exists: true, linked: false, roles: [], profileInSync: true };
  return { exists: false, linked: false, roles: [] };
}
