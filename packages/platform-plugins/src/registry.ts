/**
 * The one registration of the platform plugins this connector ships. Configuration names a plugin by its key here
 * (PLATFORM=fluent); nothing else in the apps knows which platforms exist.
 */
import type { PlatformPlugin } from '@scim-connector/platform';
import { fluentPlugin } from '@scim-connector/platform-fluent';

export const PLATFORM_PLUGINS = { fluent: fluentPlugin } as const;

export type PlatformName = keyof typeof PLATFORM_PLUGINS;

export const PLATFORM_NAMES = Object.keys(PLATFORM_PLUGINS) as PlatformName[];

export function isPlatformName(name: string): name is PlatformName {
  return Object.hasOwn(PLATFORM_PLUGINS, name);
}

/** The plugin registered under `name`, typed for the host (which validates options before `create`). */
export function platformPlugin(name: PlatformName): PlatformPlugin<unknown> {
  return PLATFORM_PLUGINS[name] as PlatformPlugin<unknown>;
}
