/** Opens stores for one test and closes them after it, whatever the outcome. */
import { afterEach } from 'vitest';
import type { OpenStoreOptions, Store } from '../../types.ts';
import type { StoreFactory } from '../fixtures.ts';

export interface Stores {
  fresh(options?: OpenStoreOptions): Promise<Store>;
  another(options?: OpenStoreOptions): Promise<Store>;
}

export function useStores(factory: StoreFactory): Stores {
  const open: Store[] = [];
  afterEach(async () => {
    const closing = open.splice(0);
    await Promise.all(closing.map((store) => store.close()));
  });
  const track = async (store: Promise<Store>) => {
    const opened = await store;
    open.push(opened);
    return opened;
  };
  return {
    fresh: (options) => track(factory.fresh(options)),
    another: (options) => track(factory.another(options)),
  };
}
