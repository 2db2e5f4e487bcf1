/**
 * The seed `pnpm start` and the tests use: the role names Fluent's documentation mentions (ADMIN, STORE,
 * GRAPHQL, ...) plus STORE_MANAGER for examples, three retailers, a few dozen stores with numeric ids (among
 * them 134 and 1023434 from the documentation's examples), the account "0", and the SCIM connector's
 * role-mapping setting with the documented Store_Colleague rule.
 */
import type { FixtureLocation, PlatformFixture } from './fixture.ts';

export const PIPELINE_CONFIG_SETTING = 'fc.connect.scim-connector.provisioning.pipeline.config';

const stores = (
  retailerId: string,
  refPrefix: string,
  entries: [id: string, name: string][],
): FixtureLocation[] =>
  entries.map(([id, name]) => ({ id, ref: `${refPrefix}_${id}`, retailerId, name, type: 'STORE' }));

export const defaultSeed: PlatformFixture = deepFreeze({
  accounts: [{ id: '0' }],
  retailers: [
    { id: '1', ref: 'FLUENT_OUTFITTERS_AU', tradingName: 'Fluent Outfitters Australia' },
    { id: '199', ref: 'FLUENT_OUTFITTERS_EU', tradingName: 'Fluent Outfitters Europe' },
    { id: '250', ref: 'FLUENT_OUTFITTERS_US', tradingName: 'Fluent Outfitters United States' },
  ],
  locations: [
    ...stores('1', 'AU', [
      ['1001', 'Sydney CBD'],
      ['1002', 'Sydney Bondi Junction'],
      ['1003', 'Parramatta'],
      ['1004', 'Melbourne Bourke Street'],
      ['1005', 'Melbourne Chadstone'],
      ['1006', 'Brisbane Queen Street'],
      ['1007', 'Gold Coast Pacific Fair'],
      ['1008', 'Perth Murray Street'],
      ['1009', 'Adelaide Rundle Mall'],
      ['1010', 'Canberra Centre'],
      ['1023434', 'Sydney Distribution Centre'],
    ]),
    ...stores('199', 'EU', [
      ['134', 'London Oxford Street'],
      ['135', 'London Covent Garden'],
      ['136', 'Manchester Arndale'],
      ['137', 'Dublin Grafton Street'],
      ['138', 'Paris Rivoli'],
      ['139', 'Berlin Kurfürstendamm'],
      ['140', 'Munich Kaufingerstraße'],
      ['141', 'Amsterdam Kalverstraat'],
      ['142', 'Madrid Gran Vía'],
      ['143', 'Milan Corso Buenos Aires'],
      ['144', 'Stockholm Drottninggatan'],
      ['145', 'Rotterdam Distribution Centre'],
    ]),
    ...stores('250', 'US', [
      ['2001', 'New York Fifth Avenue'],
      ['2002', 'New York SoHo'],
      ['2003', 'Chicago Michigan Avenue'],
      ['2004', 'San Francisco Union Square'],
      ['2005', 'Los Angeles The Grove'],
      ['2006', 'Seattle Pine Street'],
      ['2007', 'Boston Newbury Street'],
      ['2008', 'Austin Domain'],
      ['2009', 'Memphis Distribution Centre'],
    ]),
  ],
  roles: [
    'ADMIN',
    'STORE_ASSISTANT',
    'STORE_MANAGER',
    'DEVELOPER',
    'STORE',
    'CUSTOMER_COLLECTION_MANAGER',
    'RETURNS_MANAGER',
    'GRAPHQL',
    'CREATE_WAVE_BUTTON',
    'ROLE_MANAGER',
    'USER_MANAGER',
  ],
  users: [],
  settings: [
    {
      name: PIPELINE_CONFIG_SETTING,
      context: 'ACCOUNT',
      contextId: 0,
      valueType: 'JSON',
      lobValue: {
        rules: [
          {
            condition: { type: 'HAS_APP_ROLE', appRole: 'Store_Colleague' },
            action: {
              type: 'MAPPING_ROLE_ASSIGNMENT',
              sourceAppRole: 'Store_Colleague',
              targetRoles: ['STORE', 'CUSTOMER_COLLECTION_MANAGER', 'RETURNS_MANAGER'],
            },
          },
        ],
      },
    },
  ],
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
