export {
  createInProcessClient,
  type InProcessClientOptions,
} from './client/in-process-client.ts';
export { toPlatformUser } from './client/platform-user.ts';
export { defaultContractSeed } from './contract-seed.ts';
export {
  FaultController,
  type FaultCounts,
  type FaultDecision,
  type FaultSettings,
  NO_FAULTS,
} from './faults/fault-controller.ts';
export { seededRandom } from './faults/random.ts';
export {
  executeGraphql,
  fluentSchema,
  type GraphqlRequest,
  type GraphqlResponse,
} from './graphql/executable-schema.ts';
export { fluentSdl } from './graphql/sdl.ts';
export {
  MAX_REQUEST_BYTES,
  type SimulatorServer,
  type SimulatorServerOptions,
  type SimulatorStats,
  startSimulatorServer,
} from './http/simulator-server.ts';
export { generateCredentials, type SimulatorCredentials } from './http/token-service.ts';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './model/connection.ts';
export { FluentError, FluentErrorCode } from './model/fluent-error.ts';
export type * from './model/inputs.ts';
export { PlatformModel, type SeededUserFields } from './model/platform-model.ts';
export type { SettingFilter } from './model/settings.ts';
export type * from './model/types.ts';
export type { DateRange, UserFilter } from './model/user-filter.ts';
export {
  type SimulatorProcess,
  type SimulatorProcessOptions,
  SimulatorStartError,
  startSimulatorProcess,
} from './process/simulator-process.ts';
export { type CreateModelOptions, createPlatformModel } from './seed/create-model.ts';
export { defaultSeed, PIPELINE_CONFIG_SETTING } from './seed/default-seed.ts';
export type {
  FixtureLocation,
  FixtureRetailer,
  FixtureSetting,
  FixtureUser,
  PlatformFixture,
} from './seed/fixture.ts';
export { platformFixtureSchema } from './seed/fixture.ts';
export { FixtureError } from './seed/fixture-error.ts';
export { loadFixture, parseFixture } from './seed/load-fixture.ts';
export { toFixture } from './seed/to-fixture.ts';
