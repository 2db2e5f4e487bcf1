/**
 * Maps a method and a path relative to the SCIM base URL to an endpoint. Resource endpoint names match
 * case-insensitively (clients have been seen sending `/users`); ids are case-sensitive and percent-decoded.
 */
import { invalidSyntax, methodNotAllowed, notFound } from '../errors.ts';
import type { ResourceType } from '../store/port.ts';

export type Route =
  | { kind: 'list'; resourceType: ResourceType }
  | { kind: 'create'; resourceType: ResourceType }
  | { kind: 'search'; resourceType?: ResourceType }
  | { kind: 'get'; resourceType: ResourceType; id: string }
  | { kind: 'replace'; resourceType: ResourceType; id: string }
  | { kind: 'patch'; resourceType: ResourceType; id: string }
  | { kind: 'delete'; resourceType: ResourceType; id: string }
  | { kind: 'serviceProviderConfig' }
  | { kind: 'resourceTypes'; id?: string }
  | { kind: 'schemas'; id?: string };

/** Thrown for a known path with a method it does not support; carries the `Allow` header value. */
export class MethodNotAllowed extends Error {
  constructor(
    readonly allow: readonly string[],
    readonly error = methodNotAllowed(`This endpoint supports ${allow.join(', ')} only.`),
  ) {
    super(error.detail);
  }
}

const RESOURCE_SEGMENTS: Readonly<Record<string, ResourceType>> = { users: 'User', groups: 'Group' };

export function matchRoute(method: string, rawPath: string): Route {
  const verb = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  const segments = splitPath(rawPath);
  const [first, second, ...rest] = segments;
  const notAllowed = (...allow: string[]) => new MethodNotAllowed(allow);

  if (first === undefined) {
    throw notFound(
      'No endpoint at the SCIM base URL itself; use /Users, /Groups, /.search or a discovery endpoint.',
    );
  }
  if (first === '.search' && second === undefined) {
    if (verb === 'POST') return { kind: 'search' };
    throw notAllowed('POST');
  }
  const segment = first.toLowerCase();
  // Own entries only: `/constructor` names no resource type, not Object.prototype's.
  const resourceType = Object.hasOwn(RESOURCE_SEGMENTS, segment) ? RESOURCE_SEGMENTS[segment] : undefined;
  if (resourceType && rest.length === 0) {
    if (second === undefined) {
      if (verb === 'GET') return { kind: 'list', resourceType };
      if (verb === 'POST') return { kind: 'create', resourceType };
      throw notAllowed('GET', 'POST');
    }
    if (second === '.search') {
      if (verb === 'POST') return { kind: 'search', resourceType };
      throw notAllowed('POST');
    }
    const id = second;
    // Ids are the server's own; none holds a NUL, and PostgreSQL could not even compare one.
    if (id.includes('\u0000'))
      throw notFound(`No ${resourceType} has an id containing a NUL character (%00).`);
    switch (verb) {
      case 'GET':
        return { kind: 'get', resourceType, id };
      case 'PUT':
        return { kind: 'replace', resourceType, id };
      case 'PATCH':
        return { kind: 'patch', resourceType, id };
      case 'DELETE':
        return { kind: 'delete', resourceType, id };
      default:
        throw notAllowed('GET', 'PUT', 'PATCH', 'DELETE');
    }
  }
  const discovery = discoveryRoute(first, second, rest.length);
  if (discovery) {
    if (verb === 'GET') return discovery;
    throw notAllowed('GET');
  }
  throw notFound(
    `No SCIM endpoint at ${rawPath}. Endpoints: /Users, /Groups, /.search, /ServiceProviderConfig, ` +
      '/ResourceTypes, /Schemas.',
  );
}

function discoveryRoute(first: string, second: string | undefined, extra: number): Route | undefined {
  if (extra > 0) return undefined;
  switch (first.toLowerCase()) {
    case 'serviceproviderconfig':
      return second === undefined ? { kind: 'serviceProviderConfig' } : undefined;
    case 'resourcetypes':
      return second === undefined ? { kind: 'resourceTypes' } : { kind: 'resourceTypes', id: second };
    case 'schemas':
      return second === undefined ? { kind: 'schemas' } : { kind: 'schemas', id: second };
    default:
      return undefined;
  }
}

function splitPath(rawPath: string): string[] {
  const path = rawPath.split('?')[0] ?? '';
  return path
    .split('/')
    .filter((segment) => segment.length > 0)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw invalidSyntax(`The path segment "${segment}" is not valid percent-encoding.`);
      }
    });
}
