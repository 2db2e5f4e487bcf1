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

  it('finds secrets however the IdP spells them: URN-qualified keys, capitalised Op/Path/Value, path-less URNs', () => {
    const secret = 'planted-S3cret!';
    const bodies = [
      {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        'urn:ietf:params:scim:schemas:core:2.0:User:password': secret,
      },
      { 'urn:ietf:params:scim:schemas:core:2.0:User': { userName: 'a', PASSWORD: secret } },
      { Operations: [{ Op: 'Replace', Path: 'password', Value: secret }] },
      {
        Operations: [
          { OP: 'add', PATH: ' Urn:Ietf:Params:Scim:Schemas:Core:2.0:User:Password ', VALUE: secret },
        ],
      },
      {
        Operations: [
          { op: 'replace', value: { 'urn:ietf:params:scim:schemas:core:2.0:User:password': secret } },
        ],
      },
      { Operations: [{ op: 'replace', value: { 'urn:example:custom:1.0:User:password': secret } }] },
      JSON.stringify({ Operations: [{ op: 'replace', path: 'password', value: secret }] }),
    ];
    for (const body of bodies) {
      const entry = journalEntry('PATCH', '/Users/u1', body);
      expect(JSON.stringify(entry), JSON.stringify(body)).not.toContain(secret);
    }
  });

  it('keeps what is not a secret: a title that mentions passwords, a path filter value', () => {
    const body = {
      Operations: [
        { Op: 'Replace', Path: 'title', Value: 'password reset desk' },
        { op: 'remove', path: 'emails[value eq "password@example.com"]' },
      ],
    };
    expect(withoutSecrets(body)).toEqual(body);
  });
});
