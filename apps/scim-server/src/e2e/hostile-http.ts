/**
 * Tools for the hostile-request suite: HTTP requests sent byte for byte as written (fetch would normalise
 * `/../` and `%2e%2e` away before they reach the server), and a snapshot of everything a request could have
 * stored, to prove a rejected request left nothing behind.
 */
import { request } from 'node:http';
import type { Store } from '@scim-connector/store';

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, `{}` when it is not JSON. */
  json: Record<string, unknown>;
}

export interface RawRequest {
  method: string;
  /** Sent exactly as given: no normalisation, no encoding. */
  path: string;
  headers?: Record<string, string | number>;
  body?: Buffer | string;
  /** Send the body with `Transfer-Encoding: chunked` in pieces of this size (no Content-Length). */
  chunkSize?: number;
}

export function sendRaw(baseUrl: string, options: RawRequest): Promise<RawReply> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: hostname, port, method: options.method, path: options.path, headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            // Not JSON; the text is there.
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    // The server may answer (413) and close before the whole body is sent; the answer is what counts.
    req.on('error', reject);
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    if (body && options.chunkSize) {
      for (let offset = 0; offset < body.length; offset += options.chunkSize) {
        if (req.destroyed) break;
        req.write(body.subarray(offset, offset + options.chunkSize));
      }
      req.end();
    } else {
      req.end(body);
    }
  });
}

export interface StoreSnapshot {
  users: string[];
  groups: string[];
  journalEntries: number;
}

/** Every user and group (id, userName / displayName, version) and the journal's length. */
export async function snapshotStore(store: Store): Promise<StoreSnapshot> {
  const users = await store.listUsers({ startIndex: 1, count: 10_000 });
  const groups = await store.listGroups({ startIndex: 1, count: 10_000 });
  let journalEntries = 0;
  let afterSeq: number | undefined;
  for (;;) {
    const page = await store.readJournal({ limit: 1000, ...(afterSeq !== undefined ? { afterSeq } : {}) });
    journalEntries += page.length;
    const last = page.at(-1);
    if (!last || page.length < 1000) break;
    afterSeq = last.seq;
  }
  return {
    users: users.items.map((u) => `${u.id} ${u.userName} v${u.version}`).sort(),
    groups: groups.items.map((g) => `${g.id} ${g.displayName} v${g.version}`).sort(),
    journalEntries,
  };
}
