import { randomInt } from 'node:crypto';
import { ConflictError } from '../core/errors.js';
import { TERMINAL_STAGES, type Stage } from '../core/types.js';
import type { AuditEvent, WorkflowRecord } from '../core/workflow-types.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { Clock } from '../ports/clock.js';
import type { WorkflowStore } from '../ports/workflow-store.js';

/** What a step records about itself in the audit trail. */
export interface JournalEvent {
  readonly type: string;
  readonly message: string;
  /** @default 'system' */
  readonly actor?: string;
  readonly details?: Record<string, unknown>;
}

/** A change a step makes: the fields to set (a new `stage` is also entered in `history`). */
export type WorkflowChange = Partial<Omit<WorkflowRecord, 'id' | 'component' | 'version' | 'rev' | 'history'>>;

export interface JournalDeps {
  readonly workflows: WorkflowStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

const ATTEMPTS = 5;

/** True for the stages a workflow ends in. */
export function isTerminal(stage: Stage): boolean {
  return (TERMINAL_STAGES as readonly string[]).includes(stage);
}

/**
 * Applies `change` to the workflow with optimistic locking and appends `event` to its audit
 * trail. `change` is computed from the freshly read record, so when another writer wins the
 * race the change is recomputed over what they wrote (never over a stale copy).
 *
 * The audit event's `seq` is derived from the revision written, so every recorded change has
 * exactly one event and a repeated step cannot write it twice.
 *
 * @example
 * ```ts
 * await journal(deps, id, () => ({ stage: 'VERIFYING' }), { type: 'VERIFYING', message: 'Checking the artifact' });
 * ```
 */
export async function journal(
  deps: JournalDeps,
  workflowId: string,
  change: (current: WorkflowRecord) => WorkflowChange | null,
  event?: JournalEvent | ((updated: WorkflowRecord) => JournalEvent),
): Promise<WorkflowRecord> {
  for (let attempt = 1; ; attempt++) {
    const current = await deps.workflows.get(workflowId);
    const fields = change(current);
    if (fields === null) return current;
    const at = deps.clock.now().toISOString();
    const entered = fields.stage !== undefined && fields.stage !== current.stage;
    const next: WorkflowRecord = {
      ...current,
      ...fields,
      updatedAt: at,
      history: entered ? [...current.history, { stage: fields.stage, at, ...(fields.outcomeReason ? { reason: fields.outcomeReason } : {}) }] : current.history,
      ...(entered && isTerminal(fields.stage) ? { endedAt: at } : {}),
    };
    try {
      const stored = await deps.workflows.update(next);
      if (event !== undefined) {
        const e = typeof event === 'function' ? event(stored) : event;
        await appendEvent(deps, { workflowId, at, seq: stored.rev * 100, type: e.type, actor: e.actor ?? 'system', message: e.message, ...(e.details ? { details: e.details } : {}) });
      }
      return stored;
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/**
 * Appends an event that is not tied to a workflow change (a page viewed, a reminder sent).
 * Its `seq` is random so concurrent writers in the same millisecond do not collide.
 */
export async function note(deps: Pick<JournalDeps, 'audit' | 'clock'>, workflowId: string, event: JournalEvent): Promise<void> {
  const at = deps.clock.now().toISOString();
  await appendEvent(deps, { workflowId, at, seq: randomInt(1, 99) + 100 * randomInt(0, 9_000_000), type: event.type, actor: event.actor ?? 'system', message: event.message, ...(event.details ? { details: event.details } : {}) });
}

async function appendEvent(deps: Pick<JournalDeps, 'audit'>, event: AuditEvent): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.audit.append({ ...event, seq: event.seq + attempt - 1 });
      return;
    } catch (error) {
      // The same change recorded twice (a retried step): the first event stands.
      if (error instanceof ConflictError && attempt === 1 && event.seq % 100 === 0) return;
      if (!(error instanceof ConflictError) || attempt >= ATTEMPTS) throw error;
    }
  }
}
