import { describe, expect, it } from 'vitest';
import { compareDecisions, type DecisionSummary } from './decision-diff.ts';

const decision = (over: Partial<DecisionSummary> = {}): DecisionSummary => ({
  outcome: 'update',
  reasons: [],
  roles: ['AGENT_134_STORE'],
  unresolved: [],
  ...over,
});

describe('compareDecisions', () => {
  it('finds nothing when the two decisions agree', () => {
    expect(compareDecisions(decision(), decision())).toBeUndefined();
  });

  it('names a block that the proposal brings, with the roles it grants and revokes', () => {
    const change = compareDecisions(
      decision(),
      decision({ outcome: 'block', reasons: ['unresolved-role'], roles: ['AGENT_134_RETURNS'] }),
    );
    expect(change).toEqual({
      kinds: ['newly-blocked', 'roles-granted', 'roles-revoked'],
      granted: ['AGENT_134_RETURNS'],
      revoked: ['AGENT_134_STORE'],
    });
  });

  it('names the way back: unblocked, no longer deactivated', () => {
    expect(compareDecisions(decision({ outcome: 'block' }), decision())?.kinds).toEqual(['unblocked']);
    expect(compareDecisions(decision({ outcome: 'deactivate' }), decision())?.kinds).toEqual([
      'no-longer-deactivated',
    ]);
    expect(compareDecisions(decision(), decision({ outcome: 'deactivate' }))?.kinds).toEqual(['deactivated']);
  });

  it('calls any other difference "other": reasons or unresolved roles alone', () => {
    expect(compareDecisions(decision(), decision({ reasons: ['custom'] }))?.kinds).toEqual(['other']);
    expect(compareDecisions(decision(), decision({ unresolved: ['AGENT_9_X'] }))?.kinds).toEqual(['other']);
  });
});
