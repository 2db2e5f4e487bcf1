import { describe, expect, it } from 'vitest';
import { TransactionScope } from './transaction-scope.ts';

const api = { read: () => 'read' };

describe('TransactionScope', () => {
  it('refuses a guarded call made inside run(), and allows it outside', async () => {
    const scope = new TransactionScope();
    const guarded = scope.guard(api);
    expect(guarded.read()).toBe('read');
    await expect(scope.run(async () => guarded.read())).rejects.toThrow(
      /store\.read\(\) was called inside store\.transaction\(\)/,
    );
    // The scope ends with run(): a call after it is outside again.
    expect(guarded.read()).toBe('read');
  });

  it('switched off, runs the work as it is and leaves the api unwrapped', async () => {
    const scope = new TransactionScope(false);
    expect(scope.guard(api)).toBe(api);
    await expect(scope.run(async () => api.read())).resolves.toBe('read');
    expect(() => scope.assertOutside('read')).not.toThrow();
  });
});
