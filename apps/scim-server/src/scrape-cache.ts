/**
 * One store read serves every gauge of a Prometheus scrape: the first gauge collected starts the read, the others
 * within `maxAgeMs` share it. A failed read is forgotten at once, so the next scrape tries again.
 */
export function scrapeCache<T>(read: () => Promise<T>, maxAgeMs = 500): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | undefined;
  return () => {
    const at = Date.now();
    if (!cached || at - cached.at > maxAgeMs) {
      const value = read();
      cached = { at, value };
      value.catch(() => {
        cached = undefined;
      });
    }
    return cached.value;
  };
}
