import { ConflictError } from '../../core/errors.js';
import type { AppDeps } from '../app-deps.js';
import { note, type JournalEvent } from '../workflow-journal.js';

/**
 * Audit events of things that are not workflows go to streams of their own in the same
 * append-only log (the `workflowId` of an event names its stream): start/stop of detection to
 * `system`, a component's registrations and releases to `component:<name>`, a policy's changes
 * to `policy:<name>`. Workflow ids are UUIDs, so the prefixes never collide with them.
 */
export const SYSTEM_STREAM = 'system';

export function componentStream(name: string): string {
  return `component:${name}`;
}

export function policyStream(name: string): string {
  return `policy:${name}`;
}

/**
 * Appends an event to a stream; `actor` is the caller's identity. `rev` (the revision the
 * change wrote) orders events of the same millisecond as the changes were made; without it
 * the order within a millisecond is arbitrary.
 */
export async function recordAction(deps: Pick<AppDeps, 'audit' | 'clock'>, stream: string, event: JournalEvent & { readonly actor: string }, rev?: number): Promise<void> {
  if (rev === undefined) {
    await note(deps, stream, event);
    return;
  }
  const at = deps.clock.now().toISOString();
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.audit.append({ workflowId: stream, at, seq: rev * 100 + attempt, type: event.type, actor: event.actor, message: event.message, ...(event.details ? { details: event.details } : {}) });
      return;
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 4) throw error;
    }
  }
}
