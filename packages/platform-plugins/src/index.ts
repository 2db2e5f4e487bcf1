export {
  isPlatformName,
  PLATFORM_NAMES,
  PLATFORM_PLUGINS,
  type PlatformName,
  platformPlugin,
} from './registry.ts';
export {
  SIMULATED_PLATFORM,
  SIMULATOR_ACCOUNT,
  type SimulatedPlatformServer,
  simulatedPlatform,
  startSimulatedPlatform,
} from './simulated-platform.ts';
export * from './simulator-fixture.ts';
