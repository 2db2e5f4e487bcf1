import { describe, expect, it } from 'vitest';
import { CORE_USER, createHarness } from './testing/harness.ts';

/** NUL can reach the service through the URL only (the body parser refuses `\u0000` in bodies). */
describe('NUL characters in the URL', () => {
  it('answers an id holding NUL with 404 for every method, without asking the store', async () => {
    const harness = createHarness();
    const created = await harness.call('POST', '/Users', {
      body: { schemas: [CORE_USER], userName: 'a@example.test' },
    });
    const id = created.json.id as string;
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
      const body = { schemas: [CORE_USER], userName: 'b@example.test' };
      const reply = await harness.call(method, `/Users/${id}%00`, method === 'PUT' ? { body } : {});
      expect(reply.status, method).toBe(404);
      expect(reply.json.detail).toMatch(/NUL character/);
    }
    expect((await harness.call('GET', `/Users/${id}`)).json.userName).toBe('a@example.test');
  });

  it('answers a filter holding NUL with 400 invalidFilter and other parameters with 400 invalidValue', async () => {
    const harness = createHarness();
    const filter = await harness.call('GET', '/Users', { query: { filter: 'userName eq "a\u0000"' } });
    expect(filter.status).toBe(400);
    expect(filter.json).toMatchObject({ scimType: 'invalidFilter', detail: expect.stringMatching(/NUL/) });
    for (const name of ['sortBy', 'attributes', 'excludedAttributes']) {
      const reply = await harness.call('GET', '/Users', { query: { [name]: 'userName\u0000' } });
      expect(reply.status, name).toBe(400);
      expect(reply.json.scimType).toBe('invalidValue');
    }
  });
});
