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

  it('switched off, lets the same calls through inside run() and leaves the api unwrapped', async () => {
    const scope = new TransactionScope(false);
    const guarded = scope.guard(api);
    expect(guarded).toBe(api);
    await expect(
      scope.run(async () => {
        scope.assertOutside('read');
        return guarded.read();
      }),
    ).resolves.toBe('read');
  });
});
