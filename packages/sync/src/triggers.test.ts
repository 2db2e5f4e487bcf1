import { describe, expect, it } from 'vitest';
import { mostSignificantTrigger } from './triggers.ts';

describe('mostSignificantTrigger', () => {
  it('prefers what happened to the user over group changes, rules reloads and resyncs', () => {
    expect(mostSignificantTrigger(['membership.changed', 'user.updated', 'rules.changed'])).toBe(
      'user.updated',
    );
    expect(mostSignificantTrigger(['user.created', 'user.deleted'])).toBe('user.deleted');
    expect(mostSignificantTrigger(['group.changed', 'group.deleted'])).toBe('group.deleted');
    expect(mostSignificantTrigger(['rules.changed'])).toBe('rules.changed');
    expect(mostSignificantTrigger(['drift', 'rules.changed', 'resync'])).toBe('drift');
    expect(mostSignificantTrigger(['drift', 'membership.changed'])).toBe('membership.changed');
  });

  it('falls back to resync when there is nothing to go on', () => {
    expect(mostSignificantTrigger([])).toBe('resync');
  });
});
