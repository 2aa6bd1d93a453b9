import { GetScheduleCommand, SchedulerClient, UpdateScheduleCommand } from '@aws-sdk/client-scheduler';
import type { GetScheduleCommandOutput } from '@aws-sdk/client-scheduler';
import type { DetectionControl, DetectionState } from '../../ports/detection-control.js';
import { toAwsUpkeepError } from './aws-errors.js';
import { DynamoDetectionNotes } from './dynamo-detection-notes.js';
import type { DynamoStoreOptions } from './dynamo-table.js';
import { traced } from './traced-client.js';

export interface SchedulerDetectionControlOptions {
  /** The detection schedules (the stack sets `UPKEEP_DETECTION_SCHEDULES` on the API's functions). */
  readonly scheduleNames: readonly string[];
  /**
   * Their schedule group.
   * @default - the account's `default` group
   */
  readonly groupName?: string;
  /** Where the last start/stop and run are noted. */
  readonly table: DynamoStoreOptions;
  /** @default - a client built from the Lambda's environment */
  readonly client?: SchedulerClient;
}

/**
 * {@link DetectionControl} on EventBridge Scheduler: `setEnabled` rewrites each schedule with
 * `State` ENABLED or DISABLED (UpdateSchedule replaces the whole definition, so it sends back
 * what GetSchedule read), and notes who did it in the table ({@link DynamoDetectionNotes}).
 *
 * @example
 * ```ts
 * const detection = new SchedulerDetectionControl({ scheduleNames: ['upkeep-detect-0'], table: { tableName } });
 * await detection.setEnabled(false, 'ops@example.com', new Date().toISOString());
 * ```
 */
export class SchedulerDetectionControl implements DetectionControl {
  readonly #names: readonly string[];
  readonly #group: string | undefined;
  readonly #client: SchedulerClient;
  readonly #notes: DynamoDetectionNotes;

  public constructor(options: SchedulerDetectionControlOptions) {
    this.#names = options.scheduleNames;
    this.#group = options.groupName;
    this.#client = options.client ?? traced(new SchedulerClient({}));
    this.#notes = new DynamoDetectionNotes(options.table);
  }

  public async status(): Promise<DetectionState> {
    this.#needSchedules();
    const schedules = await Promise.all(this.#names.map((s) => this.#get(s)));
    return this.#state(schedules.every((s) => s.State === 'ENABLED'));
  }

  public async setEnabled(enabled: boolean, by: string, at: string): Promise<DetectionState> {
    this.#needSchedules();
    const state = enabled ? 'ENABLED' : 'DISABLED';
    for (const s of this.#names) {
      const current = await this.#get(s);
      if (current.State === state) continue;
      try {
        await this.#client.send(new UpdateScheduleCommand({
          Name: s, GroupName: current.GroupName, ScheduleExpression: current.ScheduleExpression, ScheduleExpressionTimezone: current.ScheduleExpressionTimezone,
          StartDate: current.StartDate, EndDate: current.EndDate, Description: current.Description, KmsKeyArn: current.KmsKeyArn,
          Target: current.Target, FlexibleTimeWindow: current.FlexibleTimeWindow, ActionAfterCompletion: current.ActionAfterCompletion, State: state,
        }));
      } catch (error) {
        throw toAwsUpkeepError(error, `${enabled ? 'enable' : 'disable'} schedule ${s}`, 'EventBridge Scheduler');
      }
    }
    await this.#notes.recordChange(by, at);
    return this.#state(enabled);
  }

  public recordRun(at: string): Promise<void> {
    return this.#notes.recordRun(at);
  }

  #needSchedules(): void {
    if (this.#names.length === 0) throw new Error('no detection schedules configured: UPKEEP_DETECTION_SCHEDULES must name them on the API\'s functions');
  }

  async #get(name: string): Promise<GetScheduleCommandOutput> {
    try {
      return await this.#client.send(new GetScheduleCommand({ Name: name, ...(this.#group ? { GroupName: this.#group } : {}) }));
    } catch (error) {
      throw toAwsUpkeepError(error, `read schedule ${name}`, 'EventBridge Scheduler');
    }
  }

  async #state(enabled: boolean): Promise<DetectionState> {
    return { enabled, schedules: this.#names, ...(await this.#notes.read()) };
  }
}
