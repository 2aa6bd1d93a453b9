import { expect } from 'vitest';
import { DEFAULT_POLICY_SETTINGS } from '../../../../functions/core/policy/context.js';
import type { PolicySettings, UpdateContext } from '../../../../functions/core/policy/context.js';
import { PolicySchema } from '../../../../functions/core/policy/policy-schema.js';
import type { Policy, PolicyInput } from '../../../../functions/core/policy/policy-schema.js';
import type {
  Advisory, DeploymentWindow, Priority, ReleaseInfo, SimulationResult, UpdateType, VersionComparison,
} from '../../../../functions/core/types.js';

/** Wednesday 2025-06-04 10:00 UTC: a weekday, business hours in UTC. */
export const NOW = new Date('2025-06-04T10:00:00Z');
export const DAY_MS = 86_400_000;

/** Nightly 22:00–04:00 UTC, every day. */
export const NIGHTLY: DeploymentWindow = {
  name: 'nightly',
  days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  start: '22:00',
  end: '04:00',
  timezone: 'UTC',
};

export function passed(run = 100, passedCount = run, extra: Partial<SimulationResult> = {}): SimulationResult {
  return {
    status: 'PASSED',
    suites: { unit: { run, passed: passedCount, failed: run - passedCount, skipped: 0 } },
    durationSeconds: 60,
    ...extra,
  };
}

export function failed(reason?: string): SimulationResult {
  return {
    status: 'FAILED',
    suites: { unit: { run: 10, passed: 7, failed: 3, skipped: 0 } },
    durationSeconds: 60,
    ...(reason === undefined ? {} : { reason }),
  };
}

const NEXT: Record<UpdateType, string> = { major: '2.0.0', minor: '1.3.0', patch: '1.2.4', prerelease: '1.3.0-rc.1', none: '1.2.3' };

export interface ContextOptions {
  readonly component?: string;
  readonly updateType?: UpdateType;
  readonly breaking?: boolean;
  readonly priority?: Priority;
  /** Age of the release at NOW in days; null for an unknown release date; undefined for no release at all. */
  readonly ageDays?: number | null;
  readonly simulation?: SimulationResult | null;
  readonly advisories?: readonly Advisory[];
}

/** A hand-built context: a VersionComparison and PriorityClassification as the comparison code would give them. */
export function makeContext(options: ContextOptions = {}): UpdateContext {
  const updateType = options.updateType ?? 'patch';
  const breaking = options.breaking ?? updateType === 'major';
  const version = NEXT[updateType];
  const ageDays = options.ageDays === undefined ? 10 : options.ageDays;
  const release: ReleaseInfo = {
    version,
    ...(ageDays === null ? {} : { releasedAt: new Date(NOW.getTime() - ageDays * DAY_MS).toISOString() }),
  };
  const comparison: VersionComparison = {
    component: options.component ?? 'api',
    current: '1.2.3',
    available: version,
    updateAvailable: updateType !== 'none',
    updateType,
    distance: {
      majors: updateType === 'major' ? 1 : 0,
      minors: updateType === 'minor' ? 1 : 0,
      patches: updateType === 'patch' ? 1 : 0,
      releases: 1,
      daysSinceRelease: ageDays,
    },
    breaking: { breaking, reasons: breaking ? ['major version bump'] : [] },
    recommendation: `update api to ${version}`,
    release,
    skipped: [],
  };
  return {
    component: options.component ?? 'api',
    comparison,
    priority: { priority: options.priority ?? 'MEDIUM', reasons: ['hand-built for a test'] },
    release,
    simulation: options.simulation === undefined ? passed() : options.simulation,
    advisories: options.advisories ?? [],
  };
}

export const CRITICAL_ADVISORY: Advisory = { id: 'GHSA-xxxx-yyyy-zzzz', severity: 'CRITICAL', summary: 'remote code execution' };

export function settings(overrides: Partial<PolicySettings> = {}): PolicySettings {
  return { ...DEFAULT_POLICY_SETTINGS, ...overrides };
}

/** A policy through the schema, as the configuration loader would give it. */
export function policy(input: PolicyInput): Policy {
  const result = PolicySchema.validate(input);
  expect(result.issues, 'a valid policy').toBeUndefined();
  return result.value as Policy;
}
