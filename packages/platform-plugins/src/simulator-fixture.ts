/**
 * The simulator's platform fixtures and model, for the rules CLI: it seeds the simulated platform from a fixture
 * and reads the accounts back after a replay. The CLI takes them from here, with the plugins, so no app imports
 * the simulator package itself.
 */
export {
  createPlatformModel,
  FixtureError,
  type PlatformFixture,
  type PlatformModel,
  parseFixture,
  toPlatformUser,
} from '@scim-connector/fluent-simulator';
