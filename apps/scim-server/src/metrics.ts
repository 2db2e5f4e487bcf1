/**
 * Prometheus metrics (prom-client) on a registry of the app's own, so several apps in one process (tests) do not
 * collide. Routes are labelled by their pattern (`/scim/v2/Users/:id`), never by raw path, to keep the label
 * set small whatever ids clients send.
 */
import type { NextFunction, Request, Response } from 'express';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface HttpMetrics {
  registry: Registry;
  middleware: (req: Request, res: Response, next: NextFunction) => void;
  /** SCIM requests refused with 429 by the per-token rate limit. */
  rateLimited: Counter;
}

export function createHttpMetrics(options: { defaultMetrics?: boolean } = {}): HttpMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'scim_http_requests_total',
    help: 'HTTP requests by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'scim_http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const rateLimited = new Counter({
    name: 'scim_rate_limited_total',
    help: 'SCIM requests refused with 429 by the per-token rate limit (SCIM_RATE_LIMIT).',
    registers: [registry],
  });

  const middleware = (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = routePattern(req.originalUrl);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      latency.observe({ method: req.method, route }, seconds);
    });
    next();
  };
  return { registry, middleware, rateLimited };
}

const SCIM_RESOURCES = new Set(['users', 'groups', 'schemas', 'resourcetypes']);
const KNOWN_TOP_LEVEL = new Set(['/healthz', '/readyz', '/metrics', '/admin/journal']);

/** Maps a URL to a bounded set of labels: known endpoints keep their path, ids become `:id`, the rest `other`. */
export function routePattern(url: string): string {
  const path = (url.split('?')[0] ?? '').replace(/\/+$/, '') || '/';
  if (KNOWN_TOP_LEVEL.has(path)) return path;
  const scim = /^\/scim\/v2(\/.*)?$/i.exec(path);
  if (!scim) return path.startsWith('/admin/') ? '/admin/other' : 'other';
  const segments = (scim[1] ?? '').split('/').filter(Boolean);
  const [resource, id, ...rest] = segments;
  if (resource === undefined) return '/scim/v2';
  if (resource === '.search') return '/scim/v2/.search';
  if (resource.toLowerCase() === 'serviceproviderconfig' && id === undefined)
    return '/scim/v2/ServiceProviderConfig';
  if (!SCIM_RESOURCES.has(resource.toLowerCase()) || rest.length > 0) return '/scim/v2/other';
  const name = canonicalResource(resource);
  if (id === undefined) return `/scim/v2/${name}`;
  if (id === '.search') return `/scim/v2/${name}/.search`;
  return `/scim/v2/${name}/:id`;
}

function canonicalResource(segment: string): string {
  switch (segment.toLowerCase()) {
    case 'users':
      return 'Users';
    case 'groups':
      return 'Groups';
    case 'schemas':
      return 'Schemas';
    default:
      return 'ResourceTypes';
  }
}
