import { describe, expect, it } from 'vitest';
import { journalEntry, withoutSecrets } from './journal.ts';

describe('journalEntry', () => {
  it('keeps the request as sent, with the id on a POST', () => {
    const body = { schemas: ['x'], userName: 'a', emails: [{ value: 'a@x' }] };
    expect(journalEntry('POST', '/Users', body, 'u1')).toEqual({
      method: 'POST',
      path: '/Users',
      body,
      id: 'u1',
    });
    expect(journalEntry('DELETE', '/Users/u1')).toEqual({ method: 'DELETE', path: '/Users/u1' });
  });
});

describe('withoutSecrets', () => {
  it('removes password values at any depth and in any case', () => {
    expect(withoutSecrets({ userName: 'a', password: 'p', nested: { Password: 'q', keep: 1 } })).toEqual({
      userName: 'a',
      nested: { keep: 1 },
    });
  });

  it('drops PATCH operations that set the password and keeps the others', () => {
    const body = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'replace', path: 'password', value: 'secret' },
        { op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:password', value: 'secret' },
        { op: 'replace', value: { active: false, password: 'secret' } },
      ],
    };
    expect(withoutSecrets(body)).toEqual({
      schemas: body.schemas,
      Operations: [{ op: 'replace', value: { active: false } }],
    });
  });
});
