import { ACTIVE_STAGES } from '../../functions/core/types.js';
import type { WorkflowRecord } from '../../functions/core/workflow-types.js';
import type { Clock } from '../../functions/ports/clock.js';
import type { WorkflowStore } from '../../functions/ports/workflow-store.js';
import { executionName } from '../../functions/constants.js';
import type { AppDeps } from '../../functions/app/app-deps.js';
import type { ExecutionEvent, JsonValue, LocalStateMachine } from './asl/index.js';

const RESUMABLE = new Set(['Task', 'Wait']);

function nameOf(executionArn: string): string {
  return executionArn.slice(executionArn.lastIndexOf(':') + 1);
}

/** Prints each workflow's progress as it happens: the states a person reads in the console. */
export class ProgressPrinter {
  public constructor(private readonly print: (line: string) => void) {}

  public onEvent(event: ExecutionEvent): void {
    const who = nameOf(event.executionArn);
    if (event.type === 'StateEntered' && event.stateType !== undefined && RESUMABLE.has(event.stateType)) this.print(`   ${who}  ▸ ${event.stateName ?? ''}`);
    else if (event.type === 'ExecutionSucceeded') this.print(`   ${who}  ✓ done`);
    else if (event.type === 'ExecutionFailed') this.print(`   ${who}  ✗ ${event.error ?? 'failed'}`);
  }
}

/**
 * Local mode's stand-in for Step Functions' durability: the state and input each execution
 * last entered are saved on its workflow (DynamoDB), so after a restart every unfinished
 * workflow resumes where it was — a waiting approval re-enters "Request approval" (new links,
 * the remaining time), a window wait goes on waiting.
 */
export class WorkflowCheckpoints {
  readonly #chains = new Map<string, Promise<void>>();

  public constructor(private readonly deps: { readonly workflows: WorkflowStore; readonly clock: Clock }) {}

  public onEvent(event: ExecutionEvent): void {
    if (event.type !== 'StateEntered' || event.stateType === undefined || !RESUMABLE.has(event.stateType)) return;
    const workflowId = (event.input as { workflowId?: unknown } | undefined)?.workflowId;
    if (typeof workflowId !== 'string') return;
    const checkpoint = { state: event.stateName ?? '', input: event.input, at: event.timestamp.toISOString() };
    const previous = this.#chains.get(workflowId) ?? Promise.resolve();
    const next = previous.then(() => this.save(workflowId, checkpoint)).catch(() => undefined);
    this.#chains.set(workflowId, next);
  }

  /** Resolves when every checkpoint so far is written. */
  public async flush(): Promise<void> {
    await Promise.all(this.#chains.values());
  }

  private async save(workflowId: string, checkpoint: NonNullable<WorkflowRecord['checkpoint']>): Promise<void> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const wf = await this.deps.workflows.get(workflowId);
      try {
        await this.deps.workflows.update({ ...wf, checkpoint });
        return;
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'ConflictError') throw error;
      }
    }
  }

  /** Resumes every unfinished workflow (a fresh process has no executions running). */
  public async resume(machine: LocalStateMachine, deps: AppDeps, print: (line: string) => void): Promise<number> {
    let resumed = 0;
    for (const stage of ACTIVE_STAGES) {
      let cursor: string | undefined;
      do {
        const page = await deps.workflows.listByStage(stage, { limit: 100, ...(cursor ? { cursor } : {}) });
        for (const wf of page.items) {
          const name = wf.executionName ?? executionName(wf.component, wf.version, wf.id);
          if (wf.checkpoint === undefined) {
            await machine.startExecution({ name, input: { workflowId: wf.id, component: wf.component, version: wf.version } });
          } else {
            await machine.startExecution({ name, startAt: wf.checkpoint.state, input: this.adjust(wf) });
          }
          print(`↻  resumed ${wf.component} ${wf.version} at ${wf.checkpoint?.state ?? 'the start'} (${wf.stage})`);
          resumed++;
        }
        cursor = page.cursor;
      } while (cursor !== undefined);
    }
    return resumed;
  }

  /** A resumed approval waits only for what is left of its deadline. */
  private adjust(wf: WorkflowRecord): JsonValue {
    const input = structuredClone(wf.checkpoint?.input) as { plan?: { settings?: { approvalTimeoutSeconds?: number } } };
    if (wf.checkpoint?.state === 'Request approval' && wf.approvalDeadline !== undefined && input.plan?.settings !== undefined) {
      const left = Math.ceil((Date.parse(wf.approvalDeadline) - this.deps.clock.now().getTime()) / 1000);
      input.plan.settings.approvalTimeoutSeconds = Math.max(1, left);
    }
    return input;
  }
}
