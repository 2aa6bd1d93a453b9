import type {
  Advisory, Decision, DeploymentWindow, Freeze, PriorityClassification, ReleaseInfo, SimulationResult, VersionComparison,
} from '../types.js';
import type { BusinessHours } from '../windows.js';

/** Everything the policy engine knows about one candidate update. */
export interface UpdateContext {
  readonly component: string;
  readonly comparison: VersionComparison;
  readonly priority: PriorityClassification;
  /** The candidate release; null when the source gave nothing beyond the version string. */
  readonly release: ReleaseInfo | null;
  /** The candidate's simulation; null when none has run (nothing auto-approves then). */
  readonly simulation: SimulationResult | null;
  /** Advisories that affect the *current* version: what updating would fix. */
  readonly advisories: readonly Advisory[];
}

/** The installation-wide settings the engine evaluates against. */
export interface PolicySettings {
  /**
   * Deployment windows; `in_maintenance_window` and `earliestDeployAt` use them.
   * @default - none: every instant counts as inside a window
   */
  readonly windows: readonly DeploymentWindow[];
  /** @default - none */
  readonly freezes: readonly Freeze[];
  /** @default - Monday–Friday 09:00–17:00 UTC */
  readonly businessHours: BusinessHours;
  /**
   * Zone in which `day_of_week` and `next_weekend` are read.
   * @default 'UTC'
   */
  readonly timezone: string;
  /**
   * How much worse (percent) a benchmark may be before `performance_degradation` holds.
   * @default 10
   */
  readonly performanceTolerancePercent: number;
  /**
   * Decision when no enabled policy matches.
   * @default 'MANUAL_REVIEW'
   */
  readonly defaultDecision: Decision;
}

/**
 * The defaults of {@link PolicySettings}; spread and override what the configuration sets.
 *
 * @example
 * ```ts
 * const settings: PolicySettings = { ...DEFAULT_POLICY_SETTINGS, timezone: 'Europe/Berlin', windows: config.windows };
 * ```
 */
export const DEFAULT_POLICY_SETTINGS: PolicySettings = {
  windows: [],
  freezes: [],
  businessHours: { days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], start: '09:00', end: '17:00', timezone: 'UTC' },
  timezone: 'UTC',
  performanceTolerancePercent: 10,
  defaultDecision: 'MANUAL_REVIEW',
};
