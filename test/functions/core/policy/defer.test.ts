import { describe, expect, it } from 'vitest';
import { deferTarget } from '../../../../functions/core/policy/defer.js';
import { NOW, policy, settings } from './fixtures.js';

describe('Function: deferTarget', () => {
  it('cannot end a cooldown without a release date', () => {
    // Prepare
    const cooldown = policy({ name: 'cooldown', priority: 1, conditions: { max_release_age: '3d' }, actions: { decision: 'DEFER', defer_until: 'cooldown_end' } });

    // Act
    const target = deferTarget('cooldown_end', cooldown, null, settings(), NOW);

    // Assess
    expect(target).toEqual({ at: null, why: 'cooldown_end needs the release date and the policy\'s max_release_age, and one is missing' });
  });

  it('ends a cooldown at the release date plus the policy\'s max_release_age', () => {
    // Prepare
    const cooldown = policy({ name: 'cooldown', priority: 1, conditions: { max_release_age: '1w' }, actions: { decision: 'DEFER', defer_until: 'cooldown_end' } });

    // Act
    const target = deferTarget('cooldown_end', cooldown, Date.parse('2025-06-01T00:00:00Z'), settings(), NOW);

    // Assess
    expect(target).toEqual({ at: new Date('2025-06-08T00:00:00Z'), why: 'deferred until the 1w cooldown after the release ends' });
  });
});
