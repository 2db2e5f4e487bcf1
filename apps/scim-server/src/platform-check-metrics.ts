/** `scim_platform_check_passed`: 1 once the platform check at start has passed (platform-check.ts), else 0. */
import { Gauge, type Registry } from 'prom-client';
import type { PlatformCheckStatus } from './platform-check.ts';

export function registerPlatformCheckMetric(registry: Registry, status: () => PlatformCheckStatus): void {
  new Gauge({
    name: 'scim_platform_check_passed',
    help: 'Whether the platform check at start (sign-in and role catalogue) has passed; the sync worker waits until it has.',
    registers: [registry],
    collect() {
      this.set(status().state === 'authenticated' ? 1 : 0);
    },
  });
}
