import { describe, expect, it } from 'vitest';
import { scheduleDeployment } from '../../../../functions/app/steps/schedule-deployment.js';
import type { UpkeepConfigInput } from '../../../../functions/core/config/schema.js';
import { ValidationError } from '../../../../functions/core/errors.js';
import type { Priority } from '../../../../functions/core/types.js';
import { StaticConfigProvider, TEST_NOW, fakeAppDeps, testComponent, testConfig } from '../../../support/fakes/index.js';
import type { FakeAppDeps } from '../../../support/fakes/index.js';
import { anEvaluation, givenWorkflow } from '../app-fixtures.js';

// TEST_NOW is Wednesday 2025-01-15 12:00 UTC.
const WEEKDAYS = { name: 'weekdays', days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], start: '09:00', end: '17:00', timezone: 'UTC' };
const SATURDAY = { name: 'saturday', days: ['Saturday'], start: '09:00', end: '12:00', timezone: 'UTC' };
const THIS_WEEK_FREEZE = { name: 'release-freeze', from: '2025-01-14', to: '2025-01-16', reason: 'quarterly release', allow: ['CRITICAL' as const] };

async function scheduling(partial: Partial<UpkeepConfigInput>, options: { emergency?: boolean; priority?: Priority } = {}): Promise<{ deps: FakeAppDeps; id: string }> {
  const deps = fakeAppDeps({ config: new StaticConfigProvider(testConfig(partial)) });
  const wf = await givenWorkflow(deps, {
    stage: 'AWAITING_APPROVAL',
    evaluation: anEvaluation({ decision: 'AUTO_APPROVE', bypassWindow: options.emergency ?? false }),
    priority: { priority: options.priority ?? 'MEDIUM', reasons: ['test'] },
  });
  return { deps, id: wf.id };
}

describe('Function: scheduleDeployment', () => {
  it('lets the rollout start now inside a deployment window', async () => {
    // Prepare
    const { deps, id } = await scheduling({ windows: [WEEKDAYS] });

    // Act
    const result = await scheduleDeployment(deps, { workflowId: id });

    // Assess
    expect(result).toEqual({ notBefore: TEST_NOW });
    expect((await deps.workflows.get(id)).stage).toBe('SCHEDULED');
    expect(deps.audit.events(id)).toMatchObject([{ type: 'SCHEDULED', message: 'Rollout may start now', details: { notBefore: TEST_NOW, emergency: false } }]);
  });

  it('waits for the next opening outside the window', async () => {
    // Prepare
    const { deps, id } = await scheduling({ windows: [SATURDAY] });

    // Act
    const result = await scheduleDeployment(deps, { workflowId: id });

    // Assess
    expect(result).toEqual({ notBefore: '2025-01-18T09:00:00.000Z' });
    expect(deps.audit.events(id)[0]?.message).toBe('Waiting for the deployment window: rollout starts at 2025-01-18T09:00:00.000Z');
  });

  it('uses only the windows the component names', async () => {
    // Prepare
    const { deps, id } = await scheduling({ windows: [WEEKDAYS, SATURDAY], components: [testComponent({ windows: ['saturday'] })] });

    // Act + Assess
    expect(await scheduleDeployment(deps, { workflowId: id })).toEqual({ notBefore: '2025-01-18T09:00:00.000Z' });
  });

  it('waits out a freeze that holds the update\'s priority', async () => {
    // Prepare
    const { deps, id } = await scheduling({ freezes: [THIS_WEEK_FREEZE] });

    // Act + Assess
    expect(await scheduleDeployment(deps, { workflowId: id })).toEqual({ notBefore: '2025-01-17T00:00:00.000Z' });
  });

  it('lets a priority the freeze allows through', async () => {
    // Prepare
    const { deps, id } = await scheduling({ freezes: [THIS_WEEK_FREEZE] }, { priority: 'CRITICAL' });

    // Act + Assess
    expect(await scheduleDeployment(deps, { workflowId: id })).toEqual({ notBefore: TEST_NOW });
  });

  it('skips the window wait in the emergency lane', async () => {
    // Prepare
    const { deps, id } = await scheduling({ windows: [SATURDAY] }, { emergency: true });

    // Act
    const result = await scheduleDeployment(deps, { workflowId: id });

    // Assess
    expect(result).toEqual({ notBefore: TEST_NOW });
    expect(deps.audit.events(id)[0]).toMatchObject({ message: 'Rollout may start now (emergency lane: window skipped)', details: { emergency: true } });
  });

  it('never skips a freeze in the emergency lane', async () => {
    // Prepare
    const { deps, id } = await scheduling({ windows: [SATURDAY], freezes: [THIS_WEEK_FREEZE] }, { emergency: true, priority: 'HIGH' });

    // Act + Assess
    expect(await scheduleDeployment(deps, { workflowId: id })).toEqual({ notBefore: '2025-01-17T00:00:00.000Z' });
  });

  it('fails with ValidationError when no window opens outside a freeze within the horizon', async () => {
    // Prepare
    const { deps, id } = await scheduling({ freezes: [{ name: 'forever', from: '2025-01-01', to: '2027-12-31' }] });

    // Act + Assess
    await expect(scheduleDeployment(deps, { workflowId: id })).rejects.toThrow(ValidationError);
    expect((await deps.workflows.get(id)).stage).toBe('AWAITING_APPROVAL');
  });
});
