import { randomUUID } from 'node:crypto';
import { executionName } from '../constants.js';
import type { PriorityClassification, ReleaseInfo, VersionComparison } from '../core/types.js';
import type { ComponentRecord } from '../ports/component-store.js';
import type { AppDeps } from './app-deps.js';
import { isTerminal, note } from './workflow-journal.js';

/** A candidate release of a component, compared and classified. */
export interface UpdateCandidate {
  readonly component: ComponentRecord;
  readonly release: ReleaseInfo;
  readonly comparison: VersionComparison;
  readonly priority: PriorityClassification;
}

/** Who brought the candidate in: the detector, or an API caller proposing a version. */
export interface UpdateOrigin {
  /** The `DETECTED` event's actor: `detector`, or the caller's identity. */
  readonly actor: string;
  /** How it was found, for the event's message: `found`, `proposed by ana@example.com`. */
  readonly how: string;
  /** Recorded as the workflow's `requestedBy` (rules may bar them from approving it). */
  readonly requestedBy?: string;
}

/** What {@link startUpdateWorkflow} did. */
export interface StartedUpdate {
  /** *The* workflow of this component+version: the new one, or the one that existed. */
  readonly workflowId: string;
  /** True when this call created the workflow. */
  readonly created: boolean;
  /** True when this call created the workflow and started its execution. */
  readonly started: boolean;
}

/**
 * Records the candidate as seen and starts exactly one workflow (and one execution) per
 * component+version — the path detection, webhooks and `POST /process-update` share. A
 * concurrent or repeated call finds the existing workflow (the store's conditional put) and
 * starts nothing new; a duplicate whose creator died before starting the execution is started.
 *
 * @example
 * ```ts
 * const { workflowId, started } = await startUpdateWorkflow(deps, { component, release, comparison, priority }, { actor: 'detector', how: 'found' });
 * ```
 */
export async function startUpdateWorkflow(deps: AppDeps, candidate: UpdateCandidate, origin: UpdateOrigin): Promise<StartedUpdate> {
  const { component, release, comparison, priority } = candidate;
  const at = deps.clock.now().toISOString();
  await deps.components.recordVersion({ ...release, component: component.name, firstSeenAt: at });
  const { id: workflowId, created } = await deps.workflows.create({
    id: randomUUID(), component: component.name, version: release.version, fromVersion: component.current, stage: 'DETECTED', createdAt: at, updatedAt: at,
    release, comparison, priority, history: [{ stage: 'DETECTED', at }], ...(origin.requestedBy === undefined ? {} : { requestedBy: origin.requestedBy }),
  });
  const wf = await deps.workflows.get(workflowId);
  if (created) {
    await note(deps, workflowId, {
      type: 'DETECTED', actor: origin.actor,
      message: `${component.name} ${release.version} ${origin.how} (${comparison.updateType}, ${priority.priority}); running ${component.current}`,
      details: { priority: priority.priority, reasons: priority.reasons },
    });
  }
  // The fixed execution name makes a concurrent start of the same workflow the same execution.
  if (wf.executionArn !== undefined || isTerminal(wf.stage)) return { workflowId, created, started: false };
  try {
    await deps.engine.startExecution({ name: executionName(wf.component, wf.version, wf.id), input: { workflowId, component: wf.component, version: wf.version } });
    return { workflowId, created, started: created };
  } catch (error) {
    if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return { workflowId, created, started: false };
    throw error;
  }
}
