/**
 * The built-in simulator's side of /metrics. It runs in a child process (the simulator package's
 * simulator-process.ts), so the server's own process_resident_memory_bytes is the connector's memory alone;
 * these gauges give the simulator's separately, asked of the child at scrape time.
 */
import type { SimulatorProcess } from '@scim-connector/platform-plugins';
import { Gauge, type Registry } from 'prom-client';

export function registerSimulatorMetrics(registry: Registry, simulator: SimulatorProcess): void {
  new Gauge({
    name: 'scim_simulator_resident_memory_bytes',
    help: 'Resident memory of the built-in simulator child process (PLATFORM=simulator), in bytes.',
    registers: [registry],
    async collect() {
      const rss = await simulator.residentMemory();
      if (rss !== undefined) this.set(rss);
    },
  });
  new Gauge({
    name: 'scim_simulator_restarts_total',
    help: 'Times the built-in simulator child process was restarted from its seed after dying or hanging.',
    registers: [registry],
    collect() {
      this.set(simulator.restarts());
    },
  });
}
