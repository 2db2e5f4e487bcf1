import { describe, expect, it } from 'vitest';
import { formatUserType } from './user-type-format.ts';

describe('formatUserType', () => {
  it('renders the type with its primary context id', () => {
    expect(formatUserType({ type: 'ADMIN' })).toBe('ADMIN');
    expect(formatUserType({ type: 'RETAILER', primaryRetailer: '199' })).toBe('RETAILER:199');
    expect(formatUserType({ type: 'LOCATION', primaryLocation: '134' })).toBe('LOCATION:134');
  });
});
