/** What a load worker runs: a throughput scenario or a step of the initial load, each with its inputs. */
import {
  type InitialLoadFixture,
  type InitialLoadStep,
  initialLoadRequest,
} from '../initial-load/requests.ts';
import { type BenchFixture, buildRequest, type ScenarioName } from '../throughput/scenarios.ts';
import type { RequestBuilder } from './request-spec.ts';

export type LoadJob =
  | { kind: 'throughput'; scenario: ScenarioName; fixture: BenchFixture }
  | { kind: 'initial-load'; step: InitialLoadStep; fixture: InitialLoadFixture };

export function builderFor(job: LoadJob): RequestBuilder {
  if (job.kind === 'throughput') {
    return (client, seq) => buildRequest(job.scenario, job.fixture, client, seq);
  }
  return (_client, _seq, index) => initialLoadRequest(job.step, job.fixture, index);
}
