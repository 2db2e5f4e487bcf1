/**
 * What the apps see of the simulator itself: its platform fixtures and model, for the rules CLI (it seeds the
 * simulated platform from a fixture and reads the accounts back after a replay), and the handle of the simulator's
 * child process, for the server. The apps take them from here, with the plugins, so none imports the simulator
 * package itself.
 */
export type { SimulatorProcess } from '@scim-connector/fluent-simulator';
export {
  createPlatformModel,
  FixtureError,
  type FixtureLocation,
  type FixtureRetailer,
  type FixtureSetting,
  type PlatformFixture,
  type PlatformModel,
  parseFixture,
  toPlatformUser,
} from '@scim-connector/fluent-simulator';
