/** Adapts the store package's `Store` to what the app needs (AppStore): the journal as one ordered stream. */
import type { Store } from '@scim-connector/store';
import type { AppStore } from './app.ts';

const JOURNAL_PAGE = 500;

export function appStore(store: Store): AppStore {
  return {
    scim: store,
    ping: () => store.ping(),
    async *readJournal(options = {}) {
      let afterSeq = options.afterSeq;
      let left = options.limit ?? Number.POSITIVE_INFINITY;
      for (;;) {
        const page = await store.readJournal({
          limit: Math.min(JOURNAL_PAGE, left),
          ...(afterSeq !== undefined ? { afterSeq } : {}),
          ...(options.since !== undefined ? { since: options.since } : {}),
        });
        yield* page;
        left -= page.length;
        if (left <= 0) return;
        const last = page.at(-1);
        if (!last || page.length < JOURNAL_PAGE) return;
        afterSeq = last.seq;
      }
    },
  };
}
