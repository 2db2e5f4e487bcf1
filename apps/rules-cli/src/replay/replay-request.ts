/**
 * One request of a sync-event log (docs/rules.md, Sync-event logs), as a log line or as an event of a rule test:
 * `{"method", "path", "body"?, "id"?}`. Checked here for what makes a line unusable (bad input, exit 2); what the
 * SCIM service itself would refuse (an invalid body, an unknown id) is left to the service, as on the server.
 */
import type { TextPosition } from '../json/located-json.ts';

export const REPLAYED_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type ReplayMethod = (typeof REPLAYED_METHODS)[number];

/** Where a request came from, to place messages about it. */
export interface RequestOrigin {
  file: string;
  /** Where the request starts. */
  position: TextPosition;
  /** Where `text` (e.g. a placeholder) first appears in the request's source; the start when it cannot tell. */
  find(text: string): TextPosition;
}

export interface ReplayRequest {
  method: ReplayMethod;
  /** Relative to `/scim/v2`, placeholders not yet substituted. */
  path: string;
  body?: unknown;
  /** The id the server assigned to this POST (journal exports); the replay gives the resource the same id. */
  recordedId?: string;
  origin: RequestOrigin;
}

export type RequestCheck =
  | { ok: true; request: ReplayRequest }
  | { ok: false; position: TextPosition; message: string };

const EXAMPLE = '{"method":"POST","path":"/Users","body":{...}}';

/** `positionOf` places a JSON pointer relative to the request (`''` is the request itself). */
export function checkRequest(
  value: unknown,
  origin: RequestOrigin,
  positionOf: (pointer: string) => TextPosition,
): RequestCheck {
  const fail = (pointer: string, message: string): RequestCheck => ({
    ok: false,
    position: positionOf(pointer),
    message,
  });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('', `expected a SCIM request as a JSON object, e.g. ${EXAMPLE}; found ${describe(value)}`);
  }
  const entry = value as Record<string, unknown>;
  const { method, path, id } = entry;
  if (method === undefined) return fail('', `"method" is missing: use ${REPLAYED_METHODS.join(', ')}`);
  const verb = typeof method === 'string' ? method.toUpperCase() : undefined;
  if (!isReplayedMethod(verb)) {
    return fail(
      '/method',
      `unknown method ${JSON.stringify(method)}: a sync-event log holds writes only, use ${REPLAYED_METHODS.join(', ')}`,
    );
  }
  if (typeof path !== 'string' || !path.startsWith('/')) {
    return fail(
      path === undefined ? '' : '/path',
      `"path" must be a string relative to /scim/v2 starting with "/", e.g. "/Users" or ` +
        `"/Users/\${users.alice@example.com}"; found ${describe(path)}`,
    );
  }
  if (id !== undefined && (typeof id !== 'string' || id.length === 0)) {
    return fail(
      '/id',
      `"id" (the id the server assigned on a POST) must be a non-empty string; found ${describe(id)}`,
    );
  }
  const request: ReplayRequest = { method: verb, path, origin };
  if (entry.body !== undefined) request.body = entry.body;
  if (typeof id === 'string' && verb === 'POST') request.recordedId = id;
  return { ok: true, request };
}

function isReplayedMethod(value: string | undefined): value is ReplayMethod {
  return (REPLAYED_METHODS as readonly (string | undefined)[]).includes(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return `a ${typeof value}`;
}
