/**
 * The domain vocabulary shared by the core, the ports and the handlers.
 * Plain data only: every value here survives JSON (it crosses Step Functions and DynamoDB).
 */

export const PRIORITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const UPDATE_TYPES = ['major', 'minor', 'patch', 'prerelease', 'none'] as const;
export type UpdateType = (typeof UPDATE_TYPES)[number];

export const DECISIONS = ['AUTO_APPROVE', 'MANUAL_REVIEW', 'DEFER', 'REJECT'] as const;
export type Decision = (typeof DECISIONS)[number];

/** How a component's version strings are read. `auto` picks per string (semver first). */
export const VERSIONING_SCHEMES = ['auto', 'semver', 'calver', 'date', 'container'] as const;
export type VersioningScheme = (typeof VERSIONING_SCHEMES)[number];

export const ADVISORY_SEVERITIES = ['CRITICAL', 'HIGH', 'MODERATE', 'LOW'] as const;
export type AdvisorySeverity = (typeof ADVISORY_SEVERITIES)[number];

export const SUITE_KINDS = ['unit', 'integration', 'performance', 'regression', 'compatibility', 'security'] as const;
export type SuiteKind = (typeof SUITE_KINDS)[number];

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Workflow stages, in order; the last seven are terminal (DESIGN.md §4). */
export const ACTIVE_STAGES = [
  'DETECTED', 'VERIFYING', 'SIMULATING', 'EVALUATING', 'AWAITING_APPROVAL', 'SCHEDULED', 'DEPLOYING', 'MONITORING',
] as const;
export const TERMINAL_STAGES = ['SUCCEEDED', 'ROLLED_BACK', 'REJECTED', 'DEFERRED', 'FAILED', 'EXPIRED', 'CANCELLED'] as const;
export type ActiveStage = (typeof ACTIVE_STAGES)[number];
export type TerminalStage = (typeof TERMINAL_STAGES)[number];
export type Stage = ActiveStage | TerminalStage;

/** A security advisory as a source or OSV reports it. */
export interface Advisory {
  readonly id: string;
  readonly severity: AdvisorySeverity;
  readonly summary: string;
  /** Versions (as a semver range or list) that the advisory affects. */
  readonly affected?: string;
  /** The first versions that fix it, when known. */
  readonly fixedIn?: readonly string[];
  readonly aliases?: readonly string[];
  readonly url?: string;
}

/** One release of a component, as a version source describes it. */
export interface ReleaseInfo {
  readonly version: string;
  /** ISO-8601 instant. */
  readonly releasedAt?: string;
  /** `sha256:<hex>`, `sha512-<base64>` (npm SRI) or an OCI digest. */
  readonly checksum?: string;
  readonly changelog?: string;
  readonly url?: string;
  readonly yanked?: boolean;
  readonly deprecated?: string | boolean;
  /** Advisories that affect *this* release. */
  readonly advisories?: readonly Advisory[];
}

/** What Upkeep knows about a watched component at comparison time. */
export interface ComponentState {
  readonly name: string;
  /** The version running now. */
  readonly current: string;
  readonly scheme: VersioningScheme;
  /** Offer prereleases even when the current version is a release. */
  readonly allowPrerelease?: boolean;
  /** Never propose a version at or below this (rollback and freeze protection). */
  readonly highWaterMark?: string;
  /** Versions rolled back or banned for this component. */
  readonly quarantined?: readonly string[];
}

/** How far behind the current version is. */
export interface VersionDistance {
  readonly majors: number;
  readonly minors: number;
  readonly patches: number;
  /** Offerable releases strictly between current (exclusive) and best (inclusive). */
  readonly releases: number;
  /** Days since the best available version was released; null when unknown. */
  readonly daysSinceRelease: number | null;
}

export interface BreakingSignal {
  readonly breaking: boolean;
  readonly reasons: readonly string[];
}

/** The outcome of comparing a component's current version with what a source offers. */
export interface VersionComparison {
  readonly component: string;
  readonly current: string;
  /** The best version that may be proposed; null when none. */
  readonly available: string | null;
  readonly updateAvailable: boolean;
  readonly updateType: UpdateType;
  readonly distance: VersionDistance;
  readonly breaking: BreakingSignal;
  readonly recommendation: string;
  /** The release behind `available`. */
  readonly release: ReleaseInfo | null;
  /** Versions skipped and why (quarantined, at or below the high-water mark, other variant, prerelease). */
  readonly skipped: readonly { readonly version: string; readonly reason: string }[];
}

export interface PriorityClassification {
  readonly priority: Priority;
  readonly reasons: readonly string[];
}

export interface SuiteResult {
  readonly run: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** The candidate's benchmark against the current version's, measured in the same build. */
export interface BenchmarkComparison {
  readonly metric: string;
  readonly unit: string;
  readonly baseline: number;
  readonly candidate: number;
  /** True when a bigger figure is better (throughput); false for latency, time, memory. */
  readonly higherIsBetter: boolean;
}

export interface SimulationResult {
  readonly status: 'PASSED' | 'FAILED';
  readonly suites: Partial<Record<SuiteKind, SuiteResult>>;
  readonly benchmark?: BenchmarkComparison;
  readonly durationSeconds: number;
  /** Why the simulation failed, when it did. */
  readonly reason?: string;
  readonly logUrl?: string;
}

/** A recurring deployment window, in local wall-clock time of `timezone`. */
export interface DeploymentWindow {
  readonly name: string;
  readonly days: readonly Weekday[];
  /** `HH:MM`, inclusive. */
  readonly start: string;
  /** `HH:MM`, exclusive; `24:00` means end of day; an end before the start crosses midnight. */
  readonly end: string;
  /** IANA zone, e.g. `Europe/Berlin`. */
  readonly timezone: string;
}

/** A period when nothing ships (unless its priority is let through). */
export interface Freeze {
  readonly name: string;
  /** ISO-8601 instant or date (a date is midnight in `timezone`). */
  readonly from: string;
  /** ISO-8601 instant or date; exclusive. A date means the end of that day in `timezone`. */
  readonly to: string;
  readonly timezone: string;
  readonly reason?: string;
  /** Priorities that may still ship during the freeze (e.g. `['CRITICAL']`). */
  readonly allow?: readonly Priority[];
}

/** One scored factor of the risk assessment, so a person can see why. */
export interface RiskFactor {
  readonly factor: string;
  readonly points: number;
  readonly why: string;
}

export interface RiskAssessment {
  readonly level: RiskLevel;
  readonly score: number;
  readonly factors: readonly RiskFactor[];
}

/** How one condition of one policy fared. */
export interface ConditionTrace {
  readonly condition: string;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly matched: boolean;
  readonly why: string;
}

/** How one policy fared in an evaluation. */
export interface PolicyTrace {
  readonly policy: string;
  readonly priority: number;
  readonly enabled: boolean;
  readonly matched: boolean;
  /** True for the policy whose decision was taken. */
  readonly decided: boolean;
  readonly why: string;
  readonly conditions: readonly ConditionTrace[];
}

/** The policy engine's answer for one update. */
export interface PolicyEvaluation {
  readonly decision: Decision;
  /** The policy that decided, or null when none matched and the default decision applied. */
  readonly policy: string | null;
  readonly risk: RiskAssessment;
  readonly reasons: readonly string[];
  /** ISO instant: the earliest moment the rollout may start given windows and freezes. */
  readonly earliestDeployAt: string;
  /** ISO instant, only for DEFER. */
  readonly deferUntil?: string;
  /** The emergency lane: skip the window wait (still health-gated). */
  readonly bypassWindow: boolean;
  readonly rollout?: string;
  readonly trace: readonly PolicyTrace[];
  /** ISO instant the evaluation was made. */
  readonly evaluatedAt: string;
}
