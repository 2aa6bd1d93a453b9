import { decideClaim, releaseSlot, type ClaimOutcome, type DeploymentSlot } from '../../core/deployment-queue.js';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import { compareVersions } from '../../core/versions/index.js';
import type { WorkflowRecord } from '../../core/workflow-types.js';
import type { StoredSlot } from '../../ports/deployment-queue.js';
import type { AppDeps } from '../app-deps.js';
import { isTerminal, journal, note } from '../workflow-journal.js';

/** What "Slot claimed?" routes on. */
export interface ClaimState {
  readonly status: ClaimOutcome['result'];
}

/** Stages in which a rollout is moving traffic: a self-update waits until none is (issue 8). */
export const UNSAFE_STAGES = ['DEPLOYING', 'MONITORING'] as const;

const ATTEMPTS = 5;

/**
 * State "Claim deployment slot": one rollout per component at a time. The workflow takes the
 * component's slot, waits behind the one holding it (the state machine polls), or — when a
 * later version holds or waits for it, or already runs — ends CANCELLED, superseded by that
 * version. A self-update (the `selfUpdate` component) also waits until no other workflow is
 * moving traffic, so Upkeep is never replaced under a rollout it drives.
 */
export async function claimDeployment(deps: AppDeps, input: { readonly workflowId: string }): Promise<ClaimState> {
  const wf = await deps.workflows.get(input.workflowId);
  if (wf.stage === 'CANCELLED') return { status: 'SUPERSEDED' };
  const component = await deps.components.get(wf.component);
  const config = await deps.config.get();
  const busy = config.selfUpdate.enabled && config.selfUpdate.component === wf.component ? await trafficMovingElsewhere(deps, wf.id) : undefined;
  const at = deps.clock.now().toISOString();
  const claimant = { workflowId: wf.id, version: wf.version, since: at };
  const compare = (a: string, b: string) => compareVersions(a, b, component.scheme);

  for (let attempt = 1; ; attempt++) {
    const stored = await deps.deploymentQueue.get(wf.component);
    let outcome = decideClaim({ slot: stored, claimant, current: component.current, compare, ended: await endedIn(deps, stored, wf.id) });
    // A guarded self-update queues as the next one without taking the slot.
    if (busy !== undefined && outcome.result === 'ACQUIRED' && stored.holder?.workflowId !== wf.id) {
      outcome = { result: 'WAITING', behind: busy.entry, reason: busy.reason, slot: { next: claimant }, changed: stored.next?.workflowId !== wf.id || stored.holder !== undefined };
    }
    try {
      if (outcome.changed) await deps.deploymentQueue.put({ ...stored, ...withSlot(outcome.slot), updatedAt: at });
    } catch (error) {
      if (error instanceof ConflictError && attempt < ATTEMPTS) continue;
      throw error;
    }
    await record(deps, wf, component.current, outcome, stored);
    return { status: outcome.result };
  }
}

/** Frees the slot of a workflow that ended (every terminal path calls it; a no-op when it held nothing). */
export async function releaseDeploymentSlot(deps: Pick<AppDeps, 'deploymentQueue' | 'clock'>, wf: Pick<WorkflowRecord, 'id' | 'component'>): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const stored = await deps.deploymentQueue.get(wf.component);
    const { slot, changed } = releaseSlot(stored, wf.id);
    if (!changed) return false;
    try {
      await deps.deploymentQueue.put({ component: stored.component, rev: stored.rev, ...slot, updatedAt: deps.clock.now().toISOString() });
      return true;
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= ATTEMPTS) throw error;
    }
  }
}

function withSlot(slot: DeploymentSlot): Pick<StoredSlot, 'holder' | 'next'> {
  // Spread over the stored item, so absent members must be cleared explicitly.
  return { holder: slot.holder, next: slot.next };
}

/** Holders and waiters (other than `self`) whose workflows ended without leaving the queue. */
async function endedIn(deps: AppDeps, slot: DeploymentSlot, self: string): Promise<string[]> {
  const ids = [slot.holder?.workflowId, slot.next?.workflowId].filter((id): id is string => id !== undefined && id !== self);
  const ended: string[] = [];
  for (const id of ids) {
    try {
      if (isTerminal((await deps.workflows.get(id)).stage)) ended.push(id);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      ended.push(id);
    }
  }
  return ended;
}

/** Another workflow moving traffic right now, if any (the self-update guard). */
async function trafficMovingElsewhere(deps: AppDeps, self: string): Promise<{ entry: { workflowId: string; version: string; since: string }; reason: string } | undefined> {
  for (const stage of UNSAFE_STAGES) {
    const other = (await deps.workflows.listByStage(stage, { limit: 10 })).items.find((w) => w.id !== self);
    if (other !== undefined) {
      return {
        entry: { workflowId: other.id, version: other.version, since: other.updatedAt },
        reason: `self-update waits until no workflow is moving traffic: ${other.component} ${other.version} (workflow ${other.id}) is ${stage}`,
      };
    }
  }
  return undefined;
}

async function record(deps: AppDeps, wf: WorkflowRecord, current: string, outcome: ClaimOutcome, before: StoredSlot): Promise<void> {
  const slot = { holder: outcome.slot.holder ?? null, next: outcome.slot.next ?? null };
  switch (outcome.result) {
    case 'SUPERSEDED':
      await journal(deps, wf.id, (w) => (isTerminal(w.stage) ? null : { stage: 'CANCELLED', outcomeReason: `superseded by ${outcome.by}` }), {
        type: 'SUPERSEDED', message: `${wf.component} ${wf.version} will not ship: ${outcome.reason}`, details: { by: outcome.by, slot },
      });
      return;
    case 'WAITING':
      // One event when it starts waiting, not one per poll.
      if (before.next?.workflowId === wf.id) return;
      await note(deps, wf.id, { type: 'DEPLOYMENT_QUEUED', message: `${wf.component} ${wf.version} is queued: ${outcome.reason}`, details: { behind: outcome.behind, slot } });
      return;
    case 'ACQUIRED':
      if (!outcome.changed && wf.fromVersion === current) return;
      // The version running now is what the rollout replaces, even if another rollout changed it while this one waited.
      await journal(deps, wf.id, () => ({ fromVersion: current }), {
        type: 'DEPLOYMENT_SLOT_ACQUIRED',
        message: `${wf.component} ${wf.version} may roll out now (${outcome.reason})${wf.fromVersion === current ? '' : `; it replaces ${current}, which went live while it waited (was ${wf.fromVersion})`}`,
        details: { fromVersion: current, slot },
      });
  }
}
