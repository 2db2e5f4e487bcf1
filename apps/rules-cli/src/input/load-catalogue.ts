/**
 * `validate --catalog FILE`: the platform's catalogue, read from a platform fixture (docs/rules.md, Checking rules
 * against the platform) — its `roles`, and the ids of its `accounts`, `retailers` and `locations`. Unlike
 * `--platform`, nothing comes from the simulator's seed: the point is the account's real catalogue, so a key the
 * file leaves out is not checked, and a file without `roles` is bad input.
 */
import type { RuleCatalogue } from '@scim-connector/governance';
import { BadInputError } from './input-problem.ts';
import { loadFixtureFile } from './load-fixture.ts';

export async function loadCatalogueFile(file: string): Promise<RuleCatalogue> {
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
  const ids = (entries: { id: string }[] | undefined) => entries?.map((entry) => String(entry.id));
  const contexts: RuleCatalogue['contexts'] = {};
  const accounts = ids(fixture.accounts);
  const retailers = ids(fixture.retailers);
  const locations = ids(fixture.locations);
  if (accounts) contexts.ACCOUNT = accounts;
  if (retailers) contexts.RETAILER = retailers;
  if (locations) contexts.AGENT = locations;
  return { source: file, roles: fixture.roles, contexts };
}
