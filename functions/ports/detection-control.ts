/** Whether scheduled detection runs, and what is known about its runs. */
export interface DetectionState {
  /** True when every schedule behind detection is enabled. */
  readonly enabled: boolean;
  /** The schedules behind it: EventBridge Scheduler names in AWS, `local` locally. */
  readonly schedules: readonly string[];
  /** ISO instant and caller of the last start/stop through the API, when there was one. */
  readonly changedAt?: string;
  readonly changedBy?: string;
  /** ISO instant the last detection pass (scheduled or asked for) started. */
  readonly lastRunAt?: string;
}

/**
 * Turns scheduled detection on and off (`POST /api/self-update/start|stop`): EventBridge
 * Scheduler schedules in AWS, the local scheduler locally. A stop survives restarts in both.
 *
 * @example
 * ```ts
 * await detection.setEnabled(false, 'ops@example.com', clock.now().toISOString());
 * (await detection.status()).enabled; // false
 * ```
 */
export interface DetectionControl {
  status(): Promise<DetectionState>;
  /** Enables or disables every schedule behind detection; idempotent. Returns the state afterwards. */
  setEnabled(enabled: boolean, by: string, at: string): Promise<DetectionState>;
  /** Notes that a detection pass started at `at` (last write wins). */
  recordRun(at: string): Promise<void>;
}
