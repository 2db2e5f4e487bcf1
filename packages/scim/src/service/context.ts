/** What every handler needs to know about the request and the service it runs in. */
import type { ScimLimits } from '../limits.ts';
import type { ScimStore } from '../store/port.ts';
import type { ScimRequest, UserExtensionHook } from './types.ts';

export interface ServiceDeps {
  store: ScimStore;
  userExtension?: UserExtensionHook;
  newId: () => string;
  limits: ScimLimits;
}

export interface RequestContext {
  request: ScimRequest;
  baseUrl: string;
  query: Readonly<Record<string, string | undefined>>;
  /** A header value by case-insensitive name. */
  header(name: string): string | undefined;
}

export function requestContext(request: ScimRequest, defaultBaseUrl: string): RequestContext {
  const headers = request.headers ?? {};
  return {
    request,
    baseUrl: (request.baseUrl ?? defaultBaseUrl).replace(/\/+$/, ''),
    query: request.query ?? {},
    header(name) {
      const exact = headers[name];
      if (exact !== undefined) return exact;
      const wanted = name.toLowerCase();
      for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
      return undefined;
    },
  };
}
