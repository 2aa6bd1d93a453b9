import type { ExecutionEngine, ExecutionInfo, ExecutionStep } from '../../functions/ports/execution-engine.js';
import type { JsonValue, LocalStateMachine } from './asl/index.js';

/**
 * {@link ExecutionEngine} over the local ASL runner: what `StartExecution`, `SendTaskSuccess`
 * and friends do in AWS, done in-process with the same error names.
 */
export class LocalExecutionEngine implements ExecutionEngine {
  public constructor(private readonly machine: LocalStateMachine, private readonly apiUrl: string) {}

  public async startExecution(request: { readonly name: string; readonly input: unknown }): Promise<ExecutionInfo> {
    const { executionArn } = await this.machine.startExecution({ name: request.name, input: request.input as JsonValue });
    return this.describeExecution(executionArn);
  }

  public sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    this.machine.sendTaskSuccess(taskToken, output as JsonValue);
    return Promise.resolve();
  }

  public sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    this.machine.sendTaskFailure(taskToken, error, cause);
    return Promise.resolve();
  }

  public stopExecution(executionArn: string, cause: string): Promise<void> {
    this.machine.stopExecution(executionArn, { error: 'WorkflowCancelled', cause });
    return Promise.resolve();
  }

  public describeExecution(executionArn: string): Promise<ExecutionInfo> {
    const d = this.machine.describeExecution(executionArn);
    return Promise.resolve({
      executionArn: d.executionArn, name: d.name, status: d.status, startDate: d.startDate.toISOString(),
      ...(d.stopDate ? { stopDate: d.stopDate.toISOString() } : {}),
    });
  }

  public history(executionArn: string): Promise<readonly ExecutionStep[]> {
    return Promise.resolve(this.machine.getExecutionHistory(executionArn).map((e) => ({
      at: e.timestamp.toISOString(), type: e.type,
      ...(e.stateName ? { state: e.stateName } : {}), ...(e.error ? { error: e.error } : {}), ...(e.cause ? { cause: e.cause } : {}),
    })));
  }

  public executionUrl(executionArn: string): string {
    return `${this.apiUrl.replace(/\/$/, '')}/#/executions/${encodeURIComponent(executionArn)}`;
  }
}
