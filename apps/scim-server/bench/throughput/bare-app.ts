/**
 * The baseline: express 5 answering the benchmark's routes with the same body parsing as the SCIM router and
 * no other work. Each route replays a response the real app gave to the same scenario (same status, media type
 * and body size), so the difference in throughput is the connector's own work.
 */
import { scimBodyParser } from '@scim-connector/scim/express';
import express from 'express';
import type { ResponseSample } from '../load/load-loop.ts';
import type { ScenarioName } from './scenarios.ts';

export interface BareApp {
  app: express.Express;
  /** The answer for a scenario's route; until one is set, a small JSON object. */
  setSample(scenario: ScenarioName, sample: ResponseSample): void;
}

export function createBareApp(): BareApp {
  const samples = new Map<ScenarioName, ResponseSample>();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use('/scim/v2', ...scimBodyParser(1024 * 1024));
  const answer = (scenario: ScenarioName) => (_req: express.Request, res: express.Response) => {
    const sample = samples.get(scenario);
    res.status(sample?.status ?? 200);
    if (sample?.status === 204) {
      res.end();
      return;
    }
    res.setHeader('Content-Type', sample?.contentType || 'application/scim+json; charset=utf-8');
    res.end(sample?.body ?? '{}');
  };
  app.post('/scim/v2/Users', answer('create-user'));
  app.get('/scim/v2/Users', answer('filter-users'));
  app.patch('/scim/v2/Users/:id', answer('patch-user'));
  app.patch('/scim/v2/Groups/:id', answer('add-group-members'));
  app.get('/scim/v2/Groups', answer('list-groups'));
  return { app, setSample: (scenario, sample) => samples.set(scenario, sample) };
}
