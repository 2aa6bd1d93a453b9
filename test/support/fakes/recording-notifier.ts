import type { Notification, Notifier } from '../../../functions/ports/notifier.js';
import { clone } from './in-memory-paging.js';

/**
 * {@link Notifier} that keeps every message it is asked to send.
 *
 * @example
 * ```ts
 * const notifier = new RecordingNotifier();
 * await requestApproval(deps, input);
 * notifier.ofKind('approval-request').map((m) => m.to); // [['ana@example.com'], ['ben@example.com']]
 * ```
 */
export class RecordingNotifier implements Notifier {
  public readonly messages: Notification[] = [];
  readonly #failures: Error[] = [];

  public publish(message: Notification): Promise<void> {
    const failure = this.#failures.shift();
    if (failure !== undefined) return Promise.reject(failure);
    this.messages.push(clone(message));
    return Promise.resolve();
  }

  /** Messages of one kind (`approval-request`, `outcome`, …). */
  public ofKind(kind: string): Notification[] {
    return this.messages.filter((m) => m.kind === kind);
  }

  /** Makes the next `publish` fail with `error` (nothing is recorded for it). */
  public failNext(error: Error): void {
    this.#failures.push(error);
  }
}
