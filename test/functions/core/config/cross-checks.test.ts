import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { crossCheck } from '../../../../functions/core/config/cross-checks.js';
import { lines, minimal, problems, valid, withComponent } from './helpers.js';

const policy = { name: 'fast', priority: 10, actions: { decision: 'AUTO_APPROVE', rollout: 'emergency' } };

describe('Function: crossCheck', () => {
  it('lets a policy pick a declared rollout', () => {
    expect(valid({ ...minimal(), policies: [policy], rollouts: { emergency: { type: 'canary', percent: 50, interval: '1m' } } }).rollouts).toHaveProperty('emergency');
  });

  it('refuses a rollout nobody declared', () => {
    expect(lines({ ...minimal(), policies: [policy] })).toEqual([
      'policies[0].actions.rollout: `rollout` must name a rollout declared under rollouts (none are declared)',
    ]);
  });

  it('refuses a rollout name that is not a name', () => {
    expect(problems({ ...minimal(), rollouts: { 'Big One': { type: 'all-at-once' } } })).toEqual([
      { path: 'rollouts.Big One', value: '"Big One"', message: 'The name must be a lower-case name of letters, digits, "-" or "_" (1–63 characters, e.g. "billing-api")', line: 9, column: 3 },
    ]);
  });

  it('needs self-update to name a component with a pipeline', () => {
    expect(lines({ ...minimal(), selfUpdate: { enabled: true } })).toEqual([
      'selfUpdate.component: `component` must name a component declared under components that watches Upkeep\'s own releases ("api")',
    ]);
    expect(lines({ ...minimal(), selfUpdate: { enabled: true, component: 'api' } })).toEqual([
      'selfUpdate.component: `component` must name a component with a pipeline: a self-update ships by running `cdk deploy` in CI',
    ]);
    expect(valid({ ...withComponent({ pipeline: { provider: 'codepipeline', name: 'p' } }), selfUpdate: { enabled: true, component: 'api' } }).selfUpdate.component).toBe('api');
  });

  it('reads a broken value defensively', () => {
    // Prepare
    const issues: unknown[] = [];
    const ctx = { addIssue: (issue: unknown) => issues.push(issue), value: null } as unknown as z.RefinementCtx;

    // Act
    crossCheck(null, ctx);
    crossCheck({ components: 'x', approvers: [1], policies: [{ actions: 1 }], selfUpdate: 1, rollouts: 1, approval: 1 }, ctx);
    crossCheck({ components: [1, { approval: 1 }], policies: [{}], selfUpdate: { enabled: true, component: 7 } }, ctx);

    // Assess
    expect(issues).toEqual([]);
  });
});

