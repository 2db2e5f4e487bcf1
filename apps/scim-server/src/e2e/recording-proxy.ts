/**
 * A pass-through HTTP proxy in front of the Fluent simulator that remembers every token the token endpoint hands
 * out, so a test can look for them in the connector's logs (the simulator keeps its tokens to itself), and the grant
 * type of every token request, so a test can wait for a sign-in or a renewal instead of for a fixed time.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingProxy {
  url: string;
  /** Access and refresh tokens issued through the proxy. */
  issuedTokens: Set<string>;
  /** The `grant_type` of every token request, in order, and whether the endpoint granted it. */
  grants: { type: string; granted: boolean }[];
  close(): Promise<void>;
}

export async function startRecordingProxy(targetUrl: string): Promise<RecordingProxy> {
  const target = new URL(targetUrl);
  const issuedTokens = new Set<string>();
  const grants: { type: string; granted: boolean }[] = [];
  const server = createServer((incoming, outgoing) => {
    const sent: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => sent.push(chunk));
    const forwarded = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          if (incoming.url?.startsWith('/oauth/token')) {
            grants.push({
              type: grantType(incoming.url, Buffer.concat(sent)),
              granted: answer.statusCode === 200,
            });
            recordTokens(body, issuedTokens);
          }
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          outgoing.end(body);
        });
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    issuedTokens,
    grants,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function recordTokens(body: Buffer, into: Set<string>): void {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    for (const field of ['access_token', 'refresh_token']) {
      const value = parsed[field];
      if (typeof value === 'string' && value.length > 0) into.add(value);
    }
  } catch {
    // Not a token answer (an error page); nothing to record.
  }
}

/** The grant type of a token request, from its query string or its form body (RFC 6749 section 4.3.2, 6). */
function grantType(url: string, body: Buffer): string {
  const fromQuery = new URL(url, 'http://proxy').searchParams.get('grant_type');
  return fromQuery ?? new URLSearchParams(body.toString('utf8')).get('grant_type') ?? '';
}
