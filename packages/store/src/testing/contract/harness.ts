/** Opens stores for one test and closes them after it, whatever the outcome. */
import { afterEach } from 'vitest';
import type { OpenStoreOptions, Store } from '../../types.ts';
import type { ClosableScimStore, ScimStoreFactory, StoreFactory } from '../fixtures.ts';

export interface Stores {
  fresh(options?: OpenStoreOptions): Promise<Store>;
  another(options?: OpenStoreOptions): Promise<Store>;
}

/** Registers the `afterEach` that closes what `track` opened during the test. */
function closingAfterEach(): <S extends ClosableScimStore>(store: Promise<S>) => Promise<S> {
  const open: ClosableScimStore[] = [];
  afterEach(async () => {
    const closing = open.splice(0);
    await Promise.all(closing.map((store) => store.close()));
  });
  return async (store) => {
    const opened = await store;
    open.push(opened);
    return opened;
  };
}

export function useStores(factory: StoreFactory): Stores {
  const track = closingAfterEach();
  return {
    fresh: (options) => track(factory.fresh(options)),
    another: (options) => track(factory.another(options)),
  };
}

/** `useStores` for the SCIM part of the contract, which needs only fresh stores. */
export function useScimStores<S extends ClosableScimStore>(
  factory: ScimStoreFactory<S>,
): Pick<ScimStoreFactory<S>, 'fresh'> {
  const track = closingAfterEach();
  return { fresh: (options) => track(factory.fresh(options)) };
}
