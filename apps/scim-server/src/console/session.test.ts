import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './session.ts';

describe('safeReturnPath', () => {
  it('keeps console paths, with their query', () => {
    expect(safeReturnPath('/console/users?search=a', '/console')).toBe('/console/users?search=a');
    expect(safeReturnPath('/console', '/console')).toBe('/console');
  });

  it('replaces anything that could leave the console with the console home', () => {
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example/console',
      '/consoleX',
      '/admin',
      '/console/\r\nx',
      5,
    ]) {
      expect(safeReturnPath(bad, '/console')).toBe('/console');
    }
  });
});
