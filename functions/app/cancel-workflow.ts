import { ConflictError } from '../core/errors.js';
import type { Stage } from '../core/types.js';
import type { AppDeps } from './app-deps.js';
import { authorize } from './api/access.js';
import { isTerminal, journal } from './workflow-journal.js';

/** Who cancels what, and why. */
export interface CancelRequest {
  readonly workflowId: string;
  /** The authenticated caller; must hold the admin role. */
  readonly identity: string;
  readonly reason?: string;
}

export interface CancelResult {
  readonly workflowId: string;
  readonly stage: 'CANCELLED';
  /** Who cancelled it and why (`cancelled by <email>: <reason>`), as recorded. */
  readonly outcomeReason: string;
  /** The stage it was cancelled in. */
  readonly from: Stage;
  /** `stopped`: the execution was stopped now; `not-running`: there was none to stop. */
  readonly execution: 'stopped' | 'not-running';
  /** True when it had already been cancelled (the stop is tried again; nothing else changes). */
  readonly repeated: boolean;
}

/** Engine errors that mean there is no execution left to stop. */
const NOTHING_TO_STOP = new Set(['ExecutionDoesNotExist']);

/**
 * Cancels a workflow that has not ended: records `CANCELLED` with who and why (through the
 * workflow's optimistic lock, so a decision racing it either lands first or is refused), then
 * stops its execution. Every approval link of the workflow answers 410 from then on, and no
 * decision reaches the engine. Cancelling a cancelled workflow only retries the stop.
 * Errors: `ForbiddenError` (not an admin), `NotFoundError`, `ConflictError` (already ended otherwise).
 *
 * @example
 * ```ts
 * await cancelWorkflow(deps, { workflowId, identity: 'admin@example.com', reason: 'superseded by 2.0.1' });
 * ```
 */
export async function cancelWorkflow(deps: AppDeps, request: CancelRequest): Promise<CancelResult> {
  const identity = request.identity.toLowerCase();
  authorize(await deps.config.get(), identity, 'admin');
  const reason = request.reason?.trim() || 'no reason given';
  let from: Stage = 'CANCELLED';
  let refusal: Error | undefined;
  const wf = await journal(deps, request.workflowId, (w) => {
    from = w.stage;
    refusal = w.stage !== 'CANCELLED' && isTerminal(w.stage) ? new ConflictError(`workflow ${w.id} already ended ${w.stage}${w.outcomeReason ? ` (${w.outcomeReason})` : ''}; there is nothing to cancel`) : undefined;
    if (isTerminal(w.stage)) return null;
    return { stage: 'CANCELLED', outcomeReason: `cancelled by ${identity}: ${reason}` };
  }, () => ({ type: 'CANCELLED', actor: identity, message: `Cancelled by ${identity}: ${reason}`, details: { reason, from } }));
  if (refusal !== undefined) throw refusal;
  let execution: CancelResult['execution'] = 'not-running';
  if (wf.executionArn !== undefined) {
    try {
      await deps.engine.stopExecution(wf.executionArn, `cancelled by ${identity}: ${reason}`);
      execution = 'stopped';
    } catch (error) {
      if (!(error instanceof Error && NOTHING_TO_STOP.has(error.name))) throw error;
    }
  }
  return { workflowId: wf.id, stage: 'CANCELLED', outcomeReason: wf.outcomeReason ?? `cancelled by ${identity}: ${reason}`, from, execution, repeated: from === 'CANCELLED' };
}
