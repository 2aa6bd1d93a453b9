import { describe, expect, it } from 'vitest';
import { MAX_TIMELINE_DAYS } from '../../../functions/core/statistics-timeline.js';
import { computeStatistics, dailyTimeline } from '../../../functions/core/statistics.js';
import type { Decision, PolicyEvaluation, SimulationResult } from '../../../functions/core/types.js';
import type { ApprovalDecision, RolloutProgress, WorkflowRecord } from '../../../functions/core/workflow-types.js';

let nextId = 0;

/** A workflow of `api` that succeeded two hours after detection; tests override what they exercise. */
function workflow(overrides: Partial<WorkflowRecord> = {}): WorkflowRecord {
  nextId += 1;
  return {
    id: `wf-${nextId}`,
    component: 'api',
    version: '1.2.4',
    fromVersion: '1.2.3',
    stage: 'SUCCEEDED',
    createdAt: '2025-05-01T10:00:00.000Z',
    updatedAt: '2025-05-01T12:00:00.000Z',
    endedAt: '2025-05-01T12:00:00.000Z',
    rev: 1,
    history: [],
    ...overrides,
  };
}

function evaluation(decision: Decision): PolicyEvaluation {
  return {
    decision,
    policy: 'default',
    risk: { level: 'LOW', score: 0, factors: [] },
    reasons: [],
    earliestDeployAt: '2025-05-01T10:00:00.000Z',
    bypassWindow: false,
    trace: [],
    evaluatedAt: '2025-05-01T10:00:00.000Z',
  };
}

function approval(decision: ApprovalDecision['decision']): ApprovalDecision {
  return { approver: 'ops@example.com', decision, at: '2025-05-01T11:00:00.000Z', via: 'link' };
}

function simulation(status: SimulationResult['status'], durationSeconds: number): SimulationResult {
  return { status, suites: {}, durationSeconds };
}

function rollout(status: RolloutProgress['status'], endedAt?: string): RolloutProgress {
  return { deploymentId: 'd-1', strategy: 'canary', status, candidateWeight: 100, startedAt: '2025-05-01T11:00:00.000Z', endedAt };
}

describe('Function: computeStatistics', () => {
  it('returns zero counts and null rates, never NaN, when there are no workflows', () => {
    // Act
    const stats = computeStatistics([]);

    // Assess
    expect(stats.workflows).toMatchObject({ total: 0, active: 0, awaitingApproval: 0, succeeded: 0, finished: 0, successRate: null });
    expect(Object.values(stats.workflows.byStage).every((count) => count === 0)).toBe(true);
    expect(stats.components).toEqual([]);
    expect(stats.decisions).toMatchObject({ evaluated: 0, approvalRate: null, rejectionRate: null, manualReviewRate: null, deferRate: null });
    expect(stats.simulation).toEqual({ total: 0, passed: 0, failed: 0, successRate: null, meanDurationSeconds: null });
    expect(stats.deployment).toMatchObject({ started: 0, finished: 0, successRate: null, rollbackFrequency: null, meanDurationSeconds: null });
    expect(stats.timing).toEqual({ meanDetectionToDoneSeconds: null, meanAwaitingApprovalSeconds: null });
  });

  it('counts active workflows, those awaiting approval, and every stage', () => {
    // Prepare
    const records = [workflow({ stage: 'AWAITING_APPROVAL' }), workflow({ stage: 'DEPLOYING' }), workflow()];

    // Act
    const { workflows } = computeStatistics(records);

    // Assess
    expect(workflows).toMatchObject({ total: 3, active: 2, awaitingApproval: 1, succeeded: 1 });
    expect(workflows.byStage).toMatchObject({ AWAITING_APPROVAL: 1, DEPLOYING: 1, SUCCEEDED: 1, FAILED: 0 });
  });

  it('leaves deferred and cancelled workflows out of the success rate', () => {
    // Prepare
    const stages = ['SUCCEEDED', 'FAILED', 'REJECTED', 'DEFERRED', 'CANCELLED'] as const;

    // Act
    const { workflows } = computeStatistics(stages.map((stage) => workflow({ stage })));

    // Assess
    expect(workflows.finished).toBe(3);
    expect(workflows.successRate).toBeCloseTo(1 / 3);
  });

  it('counts per component, sorted by name, with the most recent outcome', () => {
    // Prepare
    const records = [
      workflow({ component: 'web', stage: 'FAILED', version: '3.1.0', endedAt: undefined, updatedAt: '2025-05-02T09:00:00.000Z' }),
      workflow({ stage: 'ROLLED_BACK', version: '1.3.0', endedAt: '2025-05-03T00:00:00.000Z' }),
      workflow({ version: '1.2.4', endedAt: '2025-05-01T12:00:00.000Z' }),
      workflow({ stage: 'DEPLOYING', version: '1.3.1' }),
      workflow({ component: 'worker', stage: 'SIMULATING' }),
    ];

    // Act
    const { components } = computeStatistics(records);

    // Assess
    expect(components.map((entry) => entry.component)).toEqual(['api', 'web', 'worker']);
    expect(components[0]).toMatchObject({ total: 3, active: 1, succeeded: 1, rolledBack: 1, failed: 0 });
    expect(components[0]?.lastOutcome).toMatchObject({ version: '1.3.0', stage: 'ROLLED_BACK', at: '2025-05-03T00:00:00.000Z' });
    expect(components[1]?.lastOutcome).toMatchObject({ version: '3.1.0', stage: 'FAILED', at: '2025-05-02T09:00:00.000Z' });
    expect(components[2]).toMatchObject({ total: 1, active: 1, lastOutcome: null });
  });

  it('rates policy decisions, counting what people said on manual reviews', () => {
    // Prepare
    const records = [
      workflow({ evaluation: evaluation('AUTO_APPROVE') }),
      workflow({ evaluation: evaluation('AUTO_APPROVE') }),
      workflow({ evaluation: evaluation('MANUAL_REVIEW'), approvals: [approval('APPROVED')] }),
      workflow({ evaluation: evaluation('MANUAL_REVIEW'), approvals: [approval('APPROVED'), approval('REJECTED')] }),
      workflow({ evaluation: evaluation('MANUAL_REVIEW') }),
      workflow({ evaluation: evaluation('DEFER') }),
      workflow({ evaluation: evaluation('REJECT') }),
      workflow({ stage: 'DETECTED' }),
    ];

    // Act
    const { decisions } = computeStatistics(records);

    // Assess
    expect(decisions).toEqual({
      evaluated: 7,
      autoApproved: 2,
      manualReview: 3,
      deferred: 1,
      rejected: 1,
      humanApproved: 1,
      humanRejected: 1,
      approvalRate: 3 / 7,
      rejectionRate: 2 / 7,
      manualReviewRate: 3 / 7,
      deferRate: 1 / 7,
    });
  });

  it('rates simulations and averages their duration', () => {
    // Prepare
    const records = [workflow({ simulation: simulation('PASSED', 120) }), workflow({ simulation: simulation('FAILED', 60) }), workflow()];

    // Act
    const { simulation: stats } = computeStatistics(records);

    // Assess
    expect(stats).toEqual({ total: 2, passed: 1, failed: 1, successRate: 0.5, meanDurationSeconds: 90 });
  });

  it('rates finished rollouts, their rollbacks, and their mean duration', () => {
    // Prepare
    const records = [
      workflow({ rollout: rollout('SUCCEEDED', '2025-05-01T11:10:00.000Z') }),
      workflow({ rollout: rollout('ROLLED_BACK', '2025-05-01T11:05:00.000Z') }),
      workflow({ rollout: rollout('FAILED') }),
      workflow({ rollout: rollout('IN_PROGRESS') }),
      workflow(),
    ];

    // Act
    const { deployment } = computeStatistics(records);

    // Assess
    expect(deployment).toEqual({
      started: 4,
      finished: 3,
      byStatus: { IN_PROGRESS: 1, SUCCEEDED: 1, ROLLED_BACK: 1, FAILED: 1, STOPPED: 0 },
      successRate: 1 / 3,
      rollbackFrequency: 1 / 3,
      meanDurationSeconds: 450,
    });
  });

  it('averages lead time over succeeded workflows, skipping unreadable timestamps', () => {
    // Prepare
    const records = [
      workflow(),
      workflow({ createdAt: '2025-05-01T11:00:00.000Z' }),
      workflow({ createdAt: 'not a date' }),
      workflow({ stage: 'FAILED', createdAt: '2025-04-01T00:00:00.000Z' }),
    ];

    // Act
    const { timing } = computeStatistics(records);

    // Assess
    expect(timing.meanDetectionToDoneSeconds).toBe(5400);
  });

  it('averages the time spent awaiting approval from each workflow history, leaving open waits out', () => {
    // Prepare
    const twoWaits = workflow({
      history: [
        { stage: 'SCHEDULED', at: '2025-05-01T10:40:00.000Z' },
        { stage: 'AWAITING_APPROVAL', at: '2025-05-01T10:10:00.000Z' },
        { stage: 'AWAITING_APPROVAL', at: '2025-05-01T11:00:00.000Z' },
        { stage: 'DEPLOYING', at: '2025-05-01T11:30:00.000Z' },
      ],
    });
    const oneWait = workflow({
      history: [
        { stage: 'AWAITING_APPROVAL', at: '2025-05-01T10:00:00.000Z' },
        { stage: 'REJECTED', at: '2025-05-01T10:10:00.000Z' },
      ],
    });
    const stillWaiting = workflow({
      stage: 'AWAITING_APPROVAL',
      history: [
        { stage: 'EVALUATING', at: '2025-05-01T09:00:00.000Z' },
        { stage: 'AWAITING_APPROVAL', at: '2025-05-01T09:01:00.000Z' },
      ],
    });

    // Act
    const { timing } = computeStatistics([twoWaits, oneWait, stillWaiting, workflow()]);

    // Assess
    expect(timing.meanAwaitingApprovalSeconds).toBe((3600 + 600) / 2);
  });

  it('gives the same figures again over the same records, and new ones for a changed record', () => {
    // Prepare: a snapshot recomputes over the same record objects, one of them replaced
    const waited = workflow({ history: [{ stage: 'AWAITING_APPROVAL', at: '2025-05-01T10:00:00.000Z' }, { stage: 'SCHEDULED', at: '2025-05-01T10:30:00.000Z' }] });
    const records = [waited, workflow({ stage: 'ROLLED_BACK', endedAt: '2025-05-01T13:00:00.000Z' }), workflow()];
    const first = computeStatistics(records);

    // Act
    const again = computeStatistics(records);
    const changed = computeStatistics([{ ...waited, history: [...waited.history.slice(0, 1), { stage: 'SCHEDULED', at: '2025-05-01T11:00:00.000Z' }] }, ...records.slice(1)]);

    // Assess
    expect(again).toEqual(first);
    expect(first.timing.meanAwaitingApprovalSeconds).toBe(1800);
    expect(changed.timing.meanAwaitingApprovalSeconds).toBe(3600);
  });
});

describe('Function: dailyTimeline', () => {
  it('counts detections and outcomes per UTC day, empty days included', () => {
    // Prepare
    const records = [
      workflow({ createdAt: '2025-05-01T23:30:00.000Z', endedAt: '2025-05-02T01:00:00.000Z' }),
      workflow({ stage: 'ROLLED_BACK', createdAt: '2025-05-02T08:00:00.000Z', endedAt: '2025-05-02T09:00:00.000Z' }),
      workflow({ stage: 'FAILED', createdAt: '2025-04-20T08:00:00.000Z', endedAt: undefined, updatedAt: '2025-05-02T10:00:00.000Z' }),
      workflow({ stage: 'DEPLOYING', createdAt: '2025-05-02T12:00:00.000Z' }),
      workflow({ createdAt: '2025-05-10T08:00:00.000Z', endedAt: '2025-05-10T09:00:00.000Z' }),
    ];

    // Act
    const days = dailyTimeline(records, { from: new Date('2025-05-01T00:00:00Z'), to: new Date('2025-05-04T00:00:00Z') });

    // Assess
    expect(days.map((day) => [day.day, day.detected, day.successRate])).toEqual([
      ['2025-05-01', 1, null],
      ['2025-05-02', 2, 1 / 3],
      ['2025-05-03', 0, null],
    ]);
    expect(days[1]?.ended).toMatchObject({ SUCCEEDED: 1, ROLLED_BACK: 1, FAILED: 1, DEFERRED: 0 });
  });

  it('starts at the UTC midnight of the range start', () => {
    // Act
    const days = dailyTimeline([], { from: new Date('2025-05-01T15:00:00Z'), to: new Date('2025-05-02T06:00:00Z') });

    // Assess
    expect(days.map((day) => day.day)).toEqual(['2025-05-01', '2025-05-02']);
  });

  it.each([
    ['ends before it starts', new Date('2025-05-02T00:00:00Z'), new Date('2025-05-01T00:00:00Z'), '2025-05-01T00:00:00.000Z'],
    ['spans too many days', new Date('2020-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'), `at most ${MAX_TIMELINE_DAYS} days`],
    ['has an invalid date', new Date('2025-05-01T00:00:00Z'), new Date('someday'), 'to an invalid date'],
  ])('throws a RangeError when the range %s', (_case, from, to, message) => {
    // Act & Assess
    expect(() => dailyTimeline([], { from, to })).toThrow(RangeError);
    expect(() => dailyTimeline([], { from, to })).toThrow(message);
  });
});
