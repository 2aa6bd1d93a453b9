import type { DetectionControl, DetectionState } from '../../ports/detection-control.js';
import { DynamoTable, stripLayout } from './dynamo-table.js';
import type { DynamoStoreOptions, ItemKey } from './dynamo-table.js';
import { canonicalInstant } from './dynamo-values.js';
import { omitted } from './omittable-ports.js';

/** Who last started or stopped detection, and when it last ran: `SYSTEM#detection` / `META`. */
const stateKey: ItemKey = { pk: 'SYSTEM#detection', sk: 'META' };

/** What the table notes about detection, besides whether its schedules are on. */
export type DetectionNotes = Omit<DetectionState, 'enabled' | 'schedules'>;

/**
 * What the table notes about detection: when a pass last ran, and who last started or stopped
 * it. A module of its own, without the Scheduler client: see {@link DetectionRunNotes}.
 *
 * @example
 * ```ts
 * const notes = new DynamoDetectionNotes({ tableName });
 * await notes.recordRun(new Date().toISOString());
 * ```
 */
export class DynamoDetectionNotes {
  readonly #table: DynamoTable;

  public constructor(options: DynamoStoreOptions) {
    this.#table = new DynamoTable(options);
  }

  /** Notes that a detection pass started at `at` (last write wins). */
  public async recordRun(at: string): Promise<void> {
    await this.#table.update(
      { Key: stateKey, UpdateExpression: 'SET #lastRunAt = :at', ExpressionAttributeNames: { '#lastRunAt': 'lastRunAt' }, ExpressionAttributeValues: { ':at': canonicalInstant(at, 'at') } },
      'note the detection run',
    );
  }

  /** Notes who started or stopped detection, and when. */
  public async recordChange(by: string, at: string): Promise<void> {
    await this.#table.update(
      {
        Key: stateKey,
        UpdateExpression: 'SET #changedAt = :at, #changedBy = :by',
        ExpressionAttributeNames: { '#changedAt': 'changedAt', '#changedBy': 'changedBy' },
        ExpressionAttributeValues: { ':at': canonicalInstant(at, 'at'), ':by': by },
      },
      'note the detection change',
    );
  }

  /** Everything noted so far. */
  public async read(): Promise<DetectionNotes> {
    const item = await this.#table.get(stateKey, 'read the detection state');
    return item === undefined ? {} : stripLayout<DetectionNotes>(item);
  }
}

/**
 * {@link DetectionControl} for the functions that only note their runs (the detector, the
 * check-updates route): their bundles leave EventBridge Scheduler out (issue 6), so `status`
 * and `setEnabled` fail as any port left out of a bundle does, naming the fix.
 *
 * @example
 * ```ts
 * const detection = new DetectionRunNotes({ tableName });
 * await detection.recordRun(new Date().toISOString());
 * ```
 */
export class DetectionRunNotes implements DetectionControl {
  readonly #notes: DynamoDetectionNotes;

  public constructor(options: DynamoStoreOptions) {
    this.#notes = new DynamoDetectionNotes(options);
  }

  public recordRun(at: string): Promise<void> {
    return this.#notes.recordRun(at);
  }

  public async status(): Promise<DetectionState> {
    return omitted<DetectionControl>('schedules').status();
  }

  public async setEnabled(enabled: boolean, by: string, at: string): Promise<DetectionState> {
    return omitted<DetectionControl>('schedules').setEnabled(enabled, by, at);
  }
}
