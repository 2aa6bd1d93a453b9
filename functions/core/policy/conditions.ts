import { formatDuration, requireDuration } from '../duration.js';
import { assessRisk, performanceDeltaPercent, simulationPassRate } from '../risk.js';
import { isBusinessHours, isInWindow, weekdayIn } from '../windows.js';
import type { ConditionTrace, Priority, RiskAssessment, SimulationResult, UpdateType, Weekday } from '../types.js';
import type { PolicySettings, UpdateContext } from './context.js';
import type { PolicyConditions } from './policy-schema.js';

/** The facts about one update that conditions are checked against; null means unknown. */
export interface UpdateFacts {
  readonly component: string;
  readonly priority: Priority;
  readonly updateType: UpdateType;
  readonly breaking: boolean;
  readonly simulation: SimulationResult | null;
  readonly passRate: number | null;
  readonly performanceDeltaPercent: number | null;
  readonly performanceTolerancePercent: number;
  readonly businessHours: boolean;
  /** True when no windows are configured: deployment is then unrestricted by windows. */
  readonly inWindow: boolean;
  readonly day: Weekday;
  /** Epoch milliseconds of the candidate's release. */
  readonly releasedAt: number | null;
  readonly releaseAgeMs: number | null;
  readonly securityFix: boolean;
  readonly risk: RiskAssessment;
}

/**
 * Works out, once, every fact that conditions and the risk score need.
 *
 * @example
 * ```ts
 * const facts = gatherFacts(ctx, DEFAULT_POLICY_SETTINGS, new Date());
 * facts.risk.level; // 'LOW'
 * ```
 */
export function gatherFacts(ctx: UpdateContext, settings: PolicySettings, now: Date): UpdateFacts {
  const released = Date.parse(ctx.release?.releasedAt ?? '');
  const releasedAt = Number.isNaN(released) ? null : released;
  const releaseAgeMs = releasedAt === null ? null : now.getTime() - releasedAt;
  const benchmark = ctx.simulation?.benchmark;
  const base = {
    component: ctx.component,
    priority: ctx.priority.priority,
    updateType: ctx.comparison.updateType,
    breaking: ctx.comparison.breaking.breaking,
    simulation: ctx.simulation,
    performanceTolerancePercent: settings.performanceTolerancePercent,
    releasedAt,
    releaseAgeMs,
  };
  return {
    ...base,
    passRate: ctx.simulation === null ? null : simulationPassRate(ctx.simulation),
    performanceDeltaPercent: benchmark === undefined ? null : performanceDeltaPercent(benchmark),
    businessHours: isBusinessHours(now, settings.businessHours),
    inWindow: settings.windows.length === 0 || isInWindow(now, settings.windows),
    day: weekdayIn(now, settings.timezone),
    securityFix: ctx.advisories.length > 0,
    risk: assessRisk({ ...base, breaking: ctx.comparison.breaking }),
  };
}

type Outcome = Pick<ConditionTrace, 'actual' | 'matched' | 'why'>;
type Check<K extends keyof PolicyConditions> = (expected: NonNullable<PolicyConditions[K]>, facts: UpdateFacts) => Outcome;

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

function known(label: string, expected: boolean, actual: boolean): Outcome {
  return { actual, matched: actual === expected, why: `${label}: ${yesNo(actual)}, policy wants ${yesNo(expected)}` };
}

/** A condition on a fact that is not known never matches, and says why the fact is missing. */
function unknown(label: string, because: string): Outcome {
  return { actual: null, matched: false, why: `${label}: unknown (${because})` };
}

function oneOf<T extends string>(label: string, expected: readonly T[], actual: T): Outcome {
  const matched = expected.includes(actual);
  return { actual, matched, why: `${label} ${actual} is ${matched ? '' : 'not '}one of ${expected.join(', ')}` };
}

function releaseAge(label: string, wants: string, expected: string, facts: UpdateFacts, holds: (age: number, limit: number) => boolean): Outcome {
  if (facts.releaseAgeMs === null) return unknown(label, 'the release date is unknown');
  const limit = requireDuration(expected, label) * 1000;
  const actual = formatDuration(facts.releaseAgeMs / 1000);
  return { actual, matched: holds(facts.releaseAgeMs, limit), why: `${label}: released ${actual} ago, policy wants ${wants} ${expected}` };
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

const CHECKS: { readonly [K in keyof PolicyConditions]-?: Check<K> } = {
  priority: (expected, facts) => oneOf('priority', expected, facts.priority),
  breaking_changes: (expected, facts) => known('breaking changes', expected, facts.breaking),
  simulation_success: (expected, facts) => (facts.simulation === null
    ? unknown('simulation passed', 'no simulation result')
    : known('simulation passed', expected, facts.simulation.status === 'PASSED')),
  simulation_success_rate: (expected, facts) => {
    if (facts.passRate === null) {
      return unknown('pass rate', facts.simulation === null ? 'no simulation result' : 'the simulation ran no tests');
    }
    const matched = facts.passRate >= expected;
    return { actual: facts.passRate, matched, why: `pass rate ${facts.passRate.toFixed(3)} is ${matched ? 'at least' : 'below'} ${expected}` };
  },
  business_hours: (expected, facts) => known('business hours', expected, facts.businessHours),
  in_maintenance_window: (expected, facts) => known('inside a deployment window', expected, facts.inWindow),
  performance_degradation: (expected, facts) => {
    const label = `performance worse by more than ${facts.performanceTolerancePercent}%`;
    const delta = facts.performanceDeltaPercent;
    if (delta === null) return unknown(label, 'no usable benchmark');
    return { ...known(label, expected, delta > facts.performanceTolerancePercent), actual: `${delta.toFixed(1)}% worse` };
  },
  day_of_week: (expected, facts) => oneOf('day', expected, facts.day),
  update_type: (expected, facts) => oneOf('update type', expected, facts.updateType),
  component: (expected, facts) => {
    const globs = typeof expected === 'string' ? [expected] : expected;
    const matched = globs.some((glob) => globToRegExp(glob).test(facts.component));
    return { actual: facts.component, matched, why: `component ${facts.component} ${matched ? 'matches' : 'matches none of'} ${globs.join(', ')}` };
  },
  min_release_age: (expected, facts) => releaseAge('min_release_age', 'at least', expected, facts, (age, limit) => age >= limit),
  max_release_age: (expected, facts) => releaseAge('max_release_age', 'less than', expected, facts, (age, limit) => age < limit),
  risk_level: (expected, facts) => oneOf('risk', expected, facts.risk.level),
  security_fix: (expected, facts) => known('an advisory affects the current version', expected, facts.securityFix),
};

const ORDER = Object.keys(CHECKS) as (keyof PolicyConditions)[];

/**
 * Checks every condition a policy sets (in a fixed order) and says, for each, what was
 * expected, what was found and why it did or did not hold. All must hold for a match.
 *
 * @example
 * ```ts
 * checkConditions({ update_type: ['patch'], simulation_success: true }, facts).every((c) => c.matched);
 * ```
 */
export function checkConditions(conditions: PolicyConditions, facts: UpdateFacts): ConditionTrace[] {
  const traces: ConditionTrace[] = [];
  for (const key of ORDER) {
    const expected = conditions[key];
    if (expected === undefined) continue;
    // Each CHECKS entry takes exactly its own key's value; TypeScript cannot correlate them in a loop.
    const check = CHECKS[key] as (value: unknown, facts: UpdateFacts) => Outcome;
    traces.push({ condition: key, expected, ...check(expected, facts) });
  }
  return traces;
}
