import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_APPROVER, prepareDemo, publishDemoReleases } from '../../examples/demo/prepare-demo.js';
import type { WorkflowRecord } from '../../functions/core/workflow-types.js';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.js';
import { until } from '../support/until.js';

async function api(runtime: LocalRuntime, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${runtime.url}${path}`, {
    method, headers: { authorization: `Bearer ${runtime.token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
}

describe('Local mode: a restart while a workflow awaits approval', () => {
  let dataDir = '';
  let runtime: LocalRuntime | undefined;
  afterAll(async () => {
    await runtime?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the waiting workflow, and approving it afterwards completes it', async () => {
    // Prepare: the demo system, its major release of payments waiting for approval.
    dataDir = await mkdtemp(join(tmpdir(), 'upkeep-restart-'));
    const first = await prepareDemo({ dataDir, print: () => undefined });
    runtime = await startLocalRuntime({ configPath: first.configPath, dataDir, port: 0, timeScale: first.timeScale, schedule: false });
    await publishDemoReleases(dataDir);
    await runtime.detect();
    const waiting = await until('payments to await approval', async () => {
      const { json } = await api(runtime as LocalRuntime, 'GET', '/api/self-update/workflows?stage=AWAITING_APPROVAL');
      return (json as { items: { id: string; component: string }[] }).items.find((w) => w.component === 'payments');
    });
    const before = await until('the approval request', async () => {
      const wf = await (runtime as LocalRuntime).deps.workflows.get(waiting.id);
      return wf.approvalRound === 1 ? wf : undefined;
    });

    // Act: stop local mode and start it again on the same data directory.
    await runtime.close();
    const second = await prepareDemo({ dataDir, print: () => undefined });
    runtime = await startLocalRuntime({ configPath: second.configPath, dataDir, port: 0, timeScale: second.timeScale, schedule: false });
    const resumed = await until('the approval to be requested again', async () => {
      const wf = await (runtime as LocalRuntime).deps.workflows.get(waiting.id);
      return wf.approvalRound === 2 ? wf : undefined;
    });
    const approval = await api(runtime, 'POST', `/api/self-update/approve/${waiting.id}`, { decision: 'approve', reason: 'after the restart' });
    const done = await until('payments to finish', async () => {
      const wf = await (runtime as LocalRuntime).deps.workflows.get(waiting.id);
      return ['SUCCEEDED', 'FAILED', 'ROLLED_BACK', 'REJECTED'].includes(wf.stage) ? wf : undefined;
    }, 90_000);

    // Assess
    expect(resumed.stage).toBe('AWAITING_APPROVAL');
    // The deadline is the original one (to the second), not a fresh 24 hours.
    expect(Math.abs(Date.parse(resumed.approvalDeadline ?? '') - Date.parse(before.approvalDeadline ?? ''))).toBeLessThan(2000);
    expect(approval.status).toBe(200);
    expect(approval.json).toMatchObject({ effect: 'decided', outcome: 'APPROVED', approver: DEMO_APPROVER });
    expect(done.stage).toBe('SUCCEEDED');
    const detail = (await api(runtime, 'GET', `/api/self-update/workflows/${waiting.id}`)).json as WorkflowRecord & { events: { type: string }[] };
    expect(detail.events.map((e) => e.type)).toEqual(expect.arrayContaining(['APPROVAL_REQUESTED', 'APPROVED', 'SUCCEEDED']));
    expect(detail.events.filter((e) => e.type === 'APPROVAL_REQUESTED')).toHaveLength(2);
    expect((await runtime.deps.components.get('payments')).current).toBe('2.0.0');
  });
});
