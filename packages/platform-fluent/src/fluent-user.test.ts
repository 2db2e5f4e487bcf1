import { describe, expect, it } from 'vitest';
import { decodeUser, decodeUserType, encodeUserType } from './fluent-user.ts';

describe('Fluent user type mapping', () => {
  it('sends each decided type with the primary context Fluent needs', () => {
    expect(encodeUserType({ type: 'ADMIN' })).toEqual({ type: 'ADMIN' });
    expect(encodeUserType({ type: 'RETAILER', primaryRetailer: '199' })).toEqual({
      type: 'RETAILER',
      primaryRetailer: { id: '199' },
    });
    expect(encodeUserType({ type: 'LOCATION', primaryLocation: '134' })).toEqual({
      type: 'LOCATION',
      primaryLocation: { id: '134' },
    });
  });

  it('reads the type back with its primary context, numeric ids as strings', () => {
    expect(decodeUserType({ type: 'RETAILER', primaryRetailer: { id: 199 } })).toEqual({
      type: 'RETAILER',
      primaryRetailer: '199',
    });
    expect(
      decodeUserType({ type: 'LOCATION', primaryLocation: { id: '134' }, primaryRetailer: { id: '1' } }),
    ).toEqual({ type: 'LOCATION', primaryLocation: '134' });
    expect(decodeUserType({ type: 'ADMIN', primaryRetailer: { id: '199' } })).toEqual({ type: 'ADMIN' });
  });

  it('reads types the connector does not decide, or without their context, as none', () => {
    expect(decodeUserType({ type: 'API' })).toBeUndefined();
    expect(decodeUserType({ type: 'RETAILER', primaryRetailer: null })).toBeUndefined();
    expect(decodeUserType({ type: 'LOCATION' })).toBeUndefined();
    expect(decodeUser({ id: '1', username: 'a', type: 'AGENT' }, 'test').userType).toBeUndefined();
  });
});
