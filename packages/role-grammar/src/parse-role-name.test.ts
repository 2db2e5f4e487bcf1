import { describe, expect, it } from 'vitest';
import { parseRoleId, parseRoleName } from './parse-role-name.ts';
import type { RoleNameError } from './types.ts';

function failure(text: string): RoleNameError {
  const result = parseRoleName(text);
  if (result.ok) throw new Error(`expected '${text}' to fail, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('parseRoleName: valid shapes', () => {
  it.each([
    ['AGENT_1023434_GRAPHQL', 'AGENT', '1023434', 'GRAPHQL'],
    ['RETAILER_199_STORE_ASSISTANT', 'RETAILER', '199', 'STORE_ASSISTANT'],
    ['ACCOUNT_0_ADMIN', 'ACCOUNT', '0', 'ADMIN'],
    ['AGENT_134_Store_Colleague', 'AGENT', '134', 'Store_Colleague'],
    ['AGENT_134_CUSTOMER_COLLECTION_MANAGER', 'AGENT', '134', 'CUSTOMER_COLLECTION_MANAGER'],
  ])('%s', (text, contextType, contextId, role) => {
    expect(parseRoleName(text)).toEqual({ ok: true, value: { contextType, contextId, role } });
  });

  it('matches context types case-insensitively and prints them upper-case', () => {
    for (const text of ['agent_134_STORE', 'Agent_134_STORE', 'aGeNt_134_STORE']) {
      expect(parseRoleName(text)).toEqual({
        ok: true,
        value: { contextType: 'AGENT', contextId: '134', role: 'STORE' },
      });
    }
    expect(parseRoleName('retailer_1_X')).toMatchObject({ ok: true, value: { contextType: 'RETAILER' } });
    expect(parseRoleName('Account_0_X')).toMatchObject({ ok: true, value: { contextType: 'ACCOUNT' } });
  });

  it('keeps the case of the role', () => {
    expect(parseRoleName('AGENT_1_store_Colleague')).toMatchObject({ value: { role: 'store_Colleague' } });
  });

  it('accepts roles that are digits, start with digits or spell a context type', () => {
    expect(parseRoleName('AGENT_1_2024')).toMatchObject({ value: { role: '2024' } });
    expect(parseRoleName('AGENT_1_1ST_LINE')).toMatchObject({ value: { role: '1ST_LINE' } });
    expect(parseRoleName('ACCOUNT_0_AGENT')).toMatchObject({ value: { role: 'AGENT' } });
    expect(parseRoleName('ACCOUNT_0_AGENT_RETAILER_account')).toMatchObject({
      value: { role: 'AGENT_RETAILER_account' },
    });
  });

  it('trims surrounding whitespace', () => {
    expect(parseRoleName('  AGENT_134_STORE\t\n')).toEqual({
      ok: true,
      value: { contextType: 'AGENT', contextId: '134', role: 'STORE' },
    });
  });
});

describe('parseRoleName: errors name what was expected and where', () => {
  it('empty text', () => {
    expect(failure('')).toMatchObject({
      code: 'empty',
      offset: 0,
      expected: ['ACCOUNT', 'RETAILER', 'AGENT'],
    });
    expect(failure('   ').code).toBe('empty');
  });

  it('unknown context type lists the valid ones', () => {
    const error = failure('LOCATION_134_STORE');
    expect(error).toMatchObject({ code: 'unknown-context-type', offset: 0 });
    expect(error.message).toContain("'LOCATION'");
    expect(error.message).toContain('ACCOUNT, RETAILER or AGENT');
    expect(error.expected).toEqual(['ACCOUNT', 'RETAILER', 'AGENT']);
  });

  it('a context type glued to the id hints at the missing separator', () => {
    const error = failure('AGENT134_STORE');
    expect(error.code).toBe('unknown-context-type');
    expect(error.message).toContain("is '_' missing after 'AGENT'");
  });

  it('missing context type', () => {
    expect(failure('_134_STORE')).toMatchObject({ code: 'unknown-context-type', offset: 0 });
  });

  it('missing separator after the context type or the context id', () => {
    expect(failure('AGENT')).toMatchObject({ code: 'missing-separator', offset: 5, expected: ['_'] });
    expect(failure('AGENT_134')).toMatchObject({ code: 'missing-separator', offset: 9, expected: ['_'] });
    expect(failure('AGENT_134').message).toContain('the role');
  });

  it('missing context id', () => {
    expect(failure('AGENT_')).toMatchObject({ code: 'missing-context-id', offset: 6, expected: ['digit'] });
    const error = failure('AGENT__STORE');
    expect(error).toMatchObject({ code: 'missing-context-id', offset: 6 });
    expect(error.message).toContain("location's numeric id");
  });

  it('non-numeric context id points at the first non-digit', () => {
    expect(failure('AGENT_L134_STORE')).toMatchObject({ code: 'invalid-context-id', offset: 6 });
    expect(failure('AGENT_134abc_STORE')).toMatchObject({ code: 'invalid-context-id', offset: 9 });
    expect(failure('RETAILER_R1_STORE').message).toContain("retailer's numeric id");
  });

  it('empty role', () => {
    const error = failure('AGENT_134_');
    expect(error).toMatchObject({ code: 'empty-role', offset: 10, expected: ['letter', 'digit'] });
    expect(error.message).toContain("'AGENT_134_'");
  });

  it('underscores only between the words of a role', () => {
    expect(failure('AGENT_134__STORE')).toMatchObject({ code: 'invalid-role', offset: 10 });
    expect(failure('AGENT_134_STORE_')).toMatchObject({ code: 'invalid-role', offset: 16 });
    expect(failure('AGENT_134_STORE__X')).toMatchObject({ code: 'invalid-role', offset: 16 });
  });

  it('stray characters, with offsets in the text as given', () => {
    expect(failure('AGENT_134_STORE-X')).toMatchObject({ code: 'unexpected-character', offset: 15 });
    expect(failure('AGENT_134_STORE X')).toMatchObject({ code: 'unexpected-character', offset: 15 });
    expect(failure('  AGENT_134_STORE X')).toMatchObject({ code: 'unexpected-character', offset: 17 });
    expect(failure('AGENT_134_STORÉ')).toMatchObject({ code: 'unexpected-character', offset: 14 });
    expect(failure('AGENT_134_STORE X').message).toContain('space');
  });

  it('reports the first mistake when a bad character follows an earlier one', () => {
    expect(failure('FOO_1_X-Y')).toMatchObject({ code: 'unknown-context-type', offset: 0 });
    expect(failure('AGENT_1-2_X')).toMatchObject({ code: 'unexpected-character', offset: 7 });
  });

  it('offsets account for leading whitespace', () => {
    expect(failure('   AGENT_L1_X')).toMatchObject({ code: 'invalid-context-id', offset: 9 });
  });
});

describe('parseRoleId', () => {
  it('parses the ROLE part alone', () => {
    expect(parseRoleId('CUSTOMER_COLLECTION_MANAGER')).toEqual({
      ok: true,
      value: 'CUSTOMER_COLLECTION_MANAGER',
    });
    expect(parseRoleId(' Store_Colleague ')).toEqual({ ok: true, value: 'Store_Colleague' });
  });

  it('rejects what a ROLE part may not contain', () => {
    expect(parseRoleId('')).toMatchObject({ ok: false, error: { code: 'empty-role', offset: 0 } });
    expect(parseRoleId('STORE__X')).toMatchObject({ ok: false, error: { code: 'invalid-role', offset: 6 } });
    expect(parseRoleId('STORE-X')).toMatchObject({
      ok: false,
      error: { code: 'unexpected-character', offset: 5 },
    });
  });
});
