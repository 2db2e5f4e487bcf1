/**
 * {@link HttpTransport} over an undici Pool: one pool per client, keep-alive connections to the single Fluent host,
 * a deadline per request covering both the headers and the body.
 */
import { Pool } from 'undici';
import { type HttpRequest, type HttpResponse, type HttpTransport, TransportError } from './transport.ts';

export function createUndiciTransport(baseUrl: string, options: { maxConnections: number }): HttpTransport {
  const url = new URL(baseUrl);
  const basePath = url.pathname.replace(/\/+$/, '');
  const pool = new Pool(url.origin, { connections: options.maxConnections });

  return {
    async post(request: HttpRequest): Promise<HttpResponse> {
      const signal = AbortSignal.timeout(request.timeoutMs);
      try {
        const response = await pool.request({
          method: 'POST',
          path: basePath + request.path,
          headers: request.headers,
          body: request.body,
          signal,
        });
        const body = await response.body.text();
        return { status: response.statusCode, headers: flattenHeaders(response.headers), body };
      } catch (error) {
        throw toTransportError(error, signal, request, url.host);
      }
    },
    close: () => pool.close(),
  };
}

function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function toTransportError(
  error: unknown,
  signal: AbortSignal,
  request: HttpRequest,
  host: string,
): TransportError {
  if (signal.aborted) {
    return new TransportError(`no answer from ${host}${request.path} within ${request.timeoutMs} ms`, {
      failure: 'timeout',
      cause: error,
    });
  }
  const code = errorCode(error);
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return new TransportError(`cannot reach ${host}${request.path}: ${reason}`, {
    failure: code === 'UND_ERR_CONNECT_TIMEOUT' ? 'timeout' : 'network',
    cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}
