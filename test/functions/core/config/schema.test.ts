import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseConfig } from '../../../../functions/core/config/parse.js';
import { UpkeepConfigSchema, type ComponentConfig, type UpkeepConfig } from '../../../../functions/core/config/schema.js';
import { zodOf } from '../../../../functions/core/config/zod-form.js';
import { PolicySchema, type Policy } from '../../../../functions/core/policy/policy-schema.js';
import type { ComponentState, DeploymentWindow, Freeze } from '../../../../functions/core/types.js';
import { lines, minimal, valid } from './helpers.js';

describe('Schema: UpkeepConfigSchema', () => {
  it('accepts the bundled example', () => {
    // Prepare
    const text = readFileSync(new URL('../../../../examples/upkeep.yaml', import.meta.url), 'utf8');

    // Act
    const result = parseConfig(text, 'examples/upkeep.yaml');

    // Assess
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('applies defaults to a minimal config', () => {
    const config = valid(minimal());

    expect(config.components[0]).toMatchObject({ scheme: 'auto', allowPrerelease: false, quarantined: [] });
    expect(config.policies).toEqual([]);
    expect(config.includeDefaultPolicies).toBe(true);
    expect(config.businessHours).toEqual({ days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], start: '09:00', end: '17:00', timezone: 'UTC' });
    expect(config.approval).toEqual({ deadline: '24h', onExpiry: 'reject', requiredApprovals: 1, forbidAuthorApproval: false });
    expect(config.detection).toEqual({ schedule: 'rate(1 hour)', concurrencyPerHost: 8, shards: 1, timeout: '30s' });
    expect(config.notifications).toEqual({ emails: [], events: ['ROLLED_BACK', 'FAILED', 'EXPIRED'] });
    expect(config.selfUpdate).toEqual({ enabled: false, component: 'upkeep' });
  });

  it('keeps the domain types the policy engine consumes', () => {
    // These fail to compile when the schema drifts from types.ts / policy-schema.ts.
    expectTypeOf<UpkeepConfig['windows'][number]>().toExtend<DeploymentWindow>();
    expectTypeOf<UpkeepConfig['freezes'][number]>().toExtend<Freeze>();
    expectTypeOf<UpkeepConfig['policies'][number]>().toEqualTypeOf<Policy>();
    expectTypeOf<ComponentConfig>().toExtend<ComponentState>();
    expect(UpkeepConfigSchema.shape.policies.unwrap().element).toBe(zodOf(PolicySchema));
  });

  it('requires version 1 and at least one component', () => {
    expect(lines({ version: 2, components: [] })).toEqual([
      'version: `version` must be 1 (the only version of upkeep.yaml so far)',
      'components: `components` must list at least one component',
    ]);
    expect(lines({ components: minimal().components })).toEqual(['version: `version` is required; set it to 1']);
  });

  it('names both positions of a duplicate component, policy, window, freeze and approver', () => {
    const config = {
      ...minimal(),
      components: [...minimal().components, ...minimal().components],
      policies: [1, 2].map(() => ({ name: 'p', priority: 1, actions: { decision: 'REJECT' } })),
      windows: [1, 2].map(() => ({ name: 'w', days: ['Mon'], start: '01:00', end: '02:00', timezone: 'UTC' })),
      freezes: [1, 2].map(() => ({ name: 'f', from: '2025-01-01', to: '2025-01-02' })),
      approvers: [{ email: 'a@x.io' }, { email: 'A@x.io' }],
    };

    expect(lines(config).map((l) => l.split(':')[0])).toEqual([
      'components[1].name', 'policies[1].name', 'windows[1].name', 'freezes[1].name', 'approvers[1].email',
    ]);
    expect(lines(config)[0]).toContain('components[0] already has name "api"');
  });

  it('reports a duplicate even when other parts of the list are broken', () => {
    const config = { ...minimal(), components: [...minimal().components, { ...minimal().components[0], current: 7 }, 'junk'] };

    expect(lines(config).map((l) => l.split(':')[0])).toEqual(['components[1].name', 'components[1].current', 'components[2]']);
  });

  it('refuses unknown keys at the top level', () => {
    expect(lines({ ...minimal(), windowz: [] })).toEqual(['windowz: `windowz` is not a known key here; did you mean `windows`?']);
  });

  it('accepts an editor $schema pointer and self-update of a component with a pipeline', () => {
    const config = minimal();
    config.components[0] = { ...config.components[0], name: 'upkeep', pipeline: { provider: 'codepipeline', name: 'upkeep-deploy' } };

    expect(valid({ ...config, $schema: './upkeep.schema.json', selfUpdate: { enabled: true } }).selfUpdate.enabled).toBe(true);
  });

  it('checks notifications', () => {
    expect(lines({ ...minimal(), notifications: { topicArn: 'upkeep', emails: ['nobody'], events: ['DONE'] } }).map((l) => l.split(':')[0])).toEqual([
      'notifications.topicArn', 'notifications.emails[0]', 'notifications.events[0]',
    ]);
    expect(valid({ ...minimal(), notifications: { topicArn: 'arn:aws:sns:eu-west-1:123456789012:upkeep', linkBaseUrl: 'https://upkeep.example.com' } }).notifications.topicArn).toContain('sns');
  });
});

describe('Test helpers', () => {
  it('fail loudly when a config is not what the test expects', () => {
    expect(() => valid({})).toThrow(/expected a valid config/);
    expect(() => lines(minimal())).toThrow(/expected problems/);
  });
});
