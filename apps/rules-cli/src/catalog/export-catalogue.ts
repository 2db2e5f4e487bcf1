/**
 * Reads a platform's catalogue through the plugin contract and writes it as a platform fixture (docs/rules.md,
 * "Testing against the real catalogue"): the roles, the account, every retailer and location, and the setting the
 * plugin keeps logical-role mappings in. No users: a catalogue describes what roles can be granted, not who has
 * them, and carries no personal data.
 */
import type {
  ListedContextType,
  PlatformClient,
  PlatformContext,
  PlatformParts,
} from '@scim-connector/platform';
import type {
  FixtureLocation,
  FixtureRetailer,
  FixtureSetting,
  PlatformFixture,
} from '@scim-connector/platform-plugins';

/** Contexts asked for per page; the plugin may return fewer (Fluent's client caps its own pages). */
export const CATALOGUE_PAGE_SIZE = 500;
/** A platform whose cursor never ends (a bug) must not keep the export running forever: 5 million contexts. */
const MAX_PAGES = 10_000;
/**
 * Fluent addresses the account as context id 0 in settings and role contexts (docs/architecture.md §5.1; the
 * Fluent client's contextExists accepts it), so the catalogue's one account is `0`.
 */
const ACCOUNT_CONTEXT_ID = '0';

export interface CatalogueProgress {
  /** Called after each page with what has been read so far. */
  read(what: 'roles' | 'retailers' | 'locations', count: number): void;
}

export class CatalogueUnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogueUnsupportedError';
  }
}

export async function exportCatalogue(
  parts: PlatformParts,
  progress: CatalogueProgress = { read() {} },
): Promise<PlatformFixture> {
  const { client } = parts;
  const roles = [...new Set(await client.listRoles())].sort();
  progress.read('roles', roles.length);
  const retailers = (await listAll(client, 'RETAILER', progress)).map(toFixtureRetailer);
  const locations = (await listAll(client, 'AGENT', progress)).map(toFixtureLocation);
  return {
    accounts: [{ id: ACCOUNT_CONTEXT_ID }],
    retailers,
    locations,
    roles,
    settings: await roleMappingSettings(parts),
  };
}

async function listAll(
  client: PlatformClient,
  contextType: ListedContextType,
  progress: CatalogueProgress,
): Promise<PlatformContext[]> {
  if (!client.listContexts) {
    throw new CatalogueUnsupportedError(
      `this platform plugin cannot list its contexts (PlatformClient.listContexts), so its catalogue cannot be exported`,
    );
  }
  const what = contextType === 'RETAILER' ? 'retailers' : 'locations';
  const contexts: PlatformContext[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const read = await client.listContexts(contextType, {
      limit: CATALOGUE_PAGE_SIZE,
      ...(after === undefined ? {} : { after }),
    });
    contexts.push(...read.contexts);
    progress.read(what, contexts.length);
    if (read.nextCursor === undefined) return contexts;
    after = read.nextCursor;
  }
  throw new CatalogueUnsupportedError(
    `the platform kept returning pages of ${what} after ${MAX_PAGES} pages; the export stopped`,
  );
}

/** The role-mapping setting, at the context the plugin keeps it (the account by default); none when unset. */
async function roleMappingSettings(parts: PlatformParts): Promise<FixtureSetting[]> {
  const address = parts.roleMappingSetting;
  if (!address) return [];
  const context = address.context ?? { contextType: 'ACCOUNT' as const, contextId: ACCOUNT_CONTEXT_ID };
  const value = await parts.client.readSetting(address.name, context);
  if (value === undefined) return [];
  const contextId = Number(context.contextId);
  return [
    {
      name: address.name,
      context: context.contextType,
      contextId: Number.isInteger(contextId) ? contextId : 0,
      ...(typeof value === 'string'
        ? { valueType: 'STRING', value }
        : { valueType: 'JSON', lobValue: value }),
    },
  ];
}

function toFixtureRetailer(context: PlatformContext): FixtureRetailer {
  return withoutUndefined({
    id: context.id,
    ref: context.ref,
    tradingName: context.name,
    status: inactive(context),
  });
}

function toFixtureLocation(context: PlatformContext): FixtureLocation {
  return withoutUndefined({
    id: context.id,
    ref: context.ref,
    retailerId: context.retailerId,
    name: context.name,
    type: context.type,
    status: inactive(context),
  });
}

/** The fixture's status defaults to ACTIVE (the simulator's to-fixture leaves it out), so only others are written. */
function inactive(context: PlatformContext): string | undefined {
  return context.status === undefined || context.status === 'ACTIVE' ? undefined : context.status;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
