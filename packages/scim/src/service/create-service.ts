/**
 * The SCIM service: a request in, a response out, no HTTP framework. It dispatches on the route, and turns
 * every failure into a SCIM error document: client mistakes are 4xx with a `scimType` and a detail naming what
 * to fix; anything else is a 500 whose internals go to `onUnexpectedError`, never to the client.
 */
import { v7 as timeOrderedUuid } from 'uuid';
import { internalError, isScimError, ScimError } from '../errors.ts';
import { DEFAULT_SCIM_LIMITS } from '../limits.ts';
import type { ServiceDeps } from './context.ts';
import { requestContext } from './context.ts';
import { getResourceTypes, getSchemas, getServiceProviderConfig } from './discovery.ts';
import { createGroup, deleteGroup, getGroup, patchGroup, replaceGroup } from './groups.ts';
import { listResources, search } from './listing.ts';
import { errorResponse } from './responses.ts';
import { MethodNotAllowed, matchRoute } from './routes.ts';
import type { ScimRequest, ScimResponse, ScimService, ScimServiceOptions } from './types.ts';
import { createUser, deleteUser, getUser, patchUser, replaceUser } from './users.ts';
import { writeReporter } from './warnings.ts';

export function createScimService(options: ScimServiceOptions): ScimService {
  const deps: ServiceDeps = {
    store: options.store,
    // Time-ordered UUIDs (RFC 9562 §5.7): a new resource's id sorts after the ones before it, so every index keyed
    // by user id (the users, their links, queue marks and roles) grows at its right edge instead of dirtying a
    // random page per insert; an initial load wrote about a sixth less per push (docs/benchmarks.md, issue #15).
    // They reveal the creation time to the millisecond, which `meta.created` shows anyway.
    newId: options.newId ?? timeOrderedUuid,
    limits: options.limits ?? DEFAULT_SCIM_LIMITS,
    ...(options.userExtension ? { userExtension: options.userExtension } : {}),
  };

  async function dispatch(request: ScimRequest): Promise<ScimResponse> {
    const route = matchRoute(request.method, request.path);
    const ctx = requestContext(request, options.baseUrl);
    const report = writeReporter(request, options.onNotices);
    let response: ScimResponse;
    switch (route.kind) {
      case 'list':
        return listResources(deps, ctx, route.resourceType);
      case 'search':
        return search(deps, ctx, route.resourceType);
      case 'get':
        return route.resourceType === 'User' ? getUser(deps, ctx, route.id) : getGroup(deps, ctx, route.id);
      case 'create':
        response =
          route.resourceType === 'User'
            ? await createUser(deps, ctx, report)
            : await createGroup(deps, ctx, report);
        break;
      case 'replace':
        response =
          route.resourceType === 'User'
            ? await replaceUser(deps, ctx, route.id, report)
            : await replaceGroup(deps, ctx, route.id, report);
        break;
      case 'patch':
        response =
          route.resourceType === 'User'
            ? await patchUser(deps, ctx, route.id, report)
            : await patchGroup(deps, ctx, route.id, report);
        break;
      case 'delete':
        return route.resourceType === 'User'
          ? deleteUser(deps, ctx, route.id)
          : deleteGroup(deps, ctx, route.id);
      case 'serviceProviderConfig':
        return getServiceProviderConfig(ctx);
      case 'resourceTypes':
        return getResourceTypes(ctx, route.id);
      case 'schemas':
        return getSchemas(ctx, route.id);
    }
    report.flush();
    return response;
  }

  return {
    async handle(request) {
      try {
        return await dispatch(request);
      } catch (error) {
        if (error instanceof MethodNotAllowed)
          return errorResponse(error.error, { Allow: error.allow.join(', ') });
        if (isScimError(error)) return errorResponse(error);
        const outage = options.recognizeOutage?.(error);
        if (outage) {
          return errorResponse(new ScimError(503, outage.detail), {
            'Retry-After': String(outage.retryAfterSeconds),
          });
        }
        options.onUnexpectedError?.(error, request);
        return errorResponse(
          internalError('The server hit an unexpected error; the request was not applied. Retry later.'),
        );
      }
    },
  };
}
