import { requireDuration } from '../duration.js';
import { nextWeekend, nextWindowOpening, SEARCH_HORIZON_DAYS } from '../windows.js';
import type { PolicySettings } from './context.js';
import type { DeferUntil, Policy } from './policy-schema.js';

/** When a deferral ends, or null with the reason it cannot be worked out. */
export type DeferTarget = { readonly at: Date; readonly why: string } | { readonly at: null; readonly why: string };

/**
 * Works out when a DEFER decision ends. Without `defer_until` a deferral lasts until the next
 * deployment window, the common meaning of "not now".
 *
 * - `next_window`: the next opening of a deployment window (not the one open now, if any).
 * - `next_weekend`: midnight starting the next Saturday in the policy timezone.
 * - `cooldown_end`: the release date plus the deciding policy's `max_release_age`.
 * - a duration: that long after `now`.
 *
 * @example
 * ```ts
 * deferTarget('2h', null, null, DEFAULT_POLICY_SETTINGS, new Date('2025-06-04T10:00:00Z'));
 * // → { at: 2025-06-04T12:00:00.000Z, why: 'deferred for 2h' }
 * ```
 */
export function deferTarget(
  until: DeferUntil | undefined,
  policy: Policy | null,
  releasedAt: number | null,
  settings: PolicySettings,
  now: Date,
): DeferTarget {
  switch (until ?? 'next_window') {
    case 'next_window': {
      const at = nextWindowOpening(now, settings.windows);
      if (at === null) {
        return { at, why: `no deployment window opens within ${SEARCH_HORIZON_DAYS} days to defer to` };
      }
      return { at, why: 'deferred until the next deployment window opens' };
    }
    case 'next_weekend':
      return { at: nextWeekend(now, settings.timezone), why: `deferred until the weekend (${settings.timezone})` };
    case 'cooldown_end': {
      const cooldown = policy?.conditions.max_release_age;
      if (cooldown === undefined || releasedAt === null) {
        return { at: null, why: 'cooldown_end needs the release date and the policy\'s max_release_age, and one is missing' };
      }
      const at = new Date(releasedAt + requireDuration(cooldown, 'max_release_age') * 1000);
      return { at, why: `deferred until the ${cooldown} cooldown after the release ends` };
    }
    default: {
      const duration = until as string;
      return { at: new Date(now.getTime() + requireDuration(duration, 'defer_until') * 1000), why: `deferred for ${duration}` };
    }
  }
}
