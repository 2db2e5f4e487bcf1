/** One request of a load run as plain data, so a worker thread can build it from structured-cloned inputs. */

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH';
  /** Relative to `/scim/v2`. */
  path: string;
  body?: string;
  expectStatus: number;
}

/**
 * Builds the request a client sends: `client` is the client's number, `seq` the client's own request count
 * (across warm-up and measurement), `index` the request's number in its phase across all clients.
 */
export type RequestBuilder = (client: number, seq: number, index: number) => RequestSpec;

/** A resource a load run created (201): its id and its userName or displayName. */
export interface CreatedResource {
  id: string;
  name: string;
}
