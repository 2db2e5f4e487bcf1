/**
 * `--catalog FILE`: the platform's catalogue, read from a platform fixture (docs/rules.md, Checking rules against the
 * platform) — its `roles`, and the ids of its `accounts`, `retailers` and `locations`, as `scim-rules catalog export`
 * writes them. Unlike `--platform`, nothing comes from the simulator's seed: the point is the account's real
 * catalogue, so a key the file leaves out is not checked, and a file without `roles` is bad input.
 */
import type { RuleCatalogue } from '@scim-connector/governance';
import { createPlatformModel, FixtureError, type PlatformFixture } from '@scim-connector/platform-plugins';
import { BadInputError } from './input-problem.ts';
import { loadFixtureFile } from './load-fixture.ts';

/** The fixture of a `--catalog` file, checked as the simulator would load it and required to list roles. */
export async function loadCatalogueFixture(file: string): Promise<PlatformFixture> {
  const fixture = await loadFixtureFile(file);
  if (fixture.roles === undefined) {
    throw new BadInputError([
      {
        file,
        line: 1,
        column: 1,
        message:
          "the catalogue lists no roles: a platform fixture given to --catalog needs 'roles', the platform's role ids",
      },
    ]);
  }
  return fixture;
}

export async function loadCatalogueFile(file: string): Promise<RuleCatalogue> {
  return catalogueOf(await loadCatalogueFixture(file), file);
}

export function catalogueOf(fixture: PlatformFixture, source: string): RuleCatalogue {
  const ids = (entries: { id: string }[] | undefined) => entries?.map((entry) => String(entry.id));
  const contexts: RuleCatalogue['contexts'] = {};
  const accounts = ids(fixture.accounts);
  const retailers = ids(fixture.retailers);
  const locations = ids(fixture.locations);
  if (accounts) contexts.ACCOUNT = accounts;
  if (retailers) contexts.RETAILER = retailers;
  if (locations) contexts.AGENT = locations;
  return { source, roles: fixture.roles ?? [], contexts };
}

/**
 * The platform a replay starts from, given a catalogue and the fixture of `--platform` or a rule test: the
 * catalogue replaces the simulator seed's roles, contexts and settings; the fixture's own keys win over it (a
 * test that declares roles means them). The seed's demo users hold demo roles the catalogue may not have, so with
 * a catalogue the platform starts with no users unless the fixture or the catalogue lists some.
 */
export function startingPlatform(
  catalogue: PlatformFixture | undefined,
  fixture: PlatformFixture | undefined,
): PlatformFixture | undefined {
  if (catalogue === undefined) return fixture;
  return { users: [], ...catalogue, ...fixture };
}

/**
 * `--catalog` and `--platform` together, as a replay starts from them. The two files are each valid alone; together
 * a user of the fixture may hold a role the catalogue lacks, which is reported at the fixture (or the catalogue).
 */
export async function loadStartingPlatform(options: {
  catalog?: string;
  platform?: string;
}): Promise<PlatformFixture | undefined> {
  const catalogue = options.catalog ? await loadCatalogueFixture(options.catalog) : undefined;
  const fixture = options.platform ? await loadFixtureFile(options.platform) : undefined;
  const start = startingPlatform(catalogue, fixture);
  if (start !== undefined && catalogue !== undefined) {
    assertLoadsWithCatalogue(start, options.platform ?? options.catalog ?? '', options.catalog ?? '');
  }
  return start;
}

/** A platform built from a catalogue and a fixture must load as a whole; its problems are placed at `file`. */
export function assertLoadsWithCatalogue(start: PlatformFixture, file: string, catalogFile: string): void {
  try {
    createPlatformModel(start, { source: file });
  } catch (error) {
    if (!(error instanceof FixtureError)) throw error;
    throw new BadInputError(
      error.problems.map((problem) => ({
        file,
        line: 1,
        column: 1,
        message: `with the catalogue ${catalogFile}: platform fixture: ${problem}`,
      })),
    );
  }
}
