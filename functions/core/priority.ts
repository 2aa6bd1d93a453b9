// Modules of semver, not its index (see versions/semver-scheme.ts).
import gte from 'semver/functions/gte.js';
import major from 'semver/functions/major.js';
import parse from 'semver/functions/parse.js';
import satisfies from 'semver/functions/satisfies.js';
import valid from 'semver/functions/valid.js';
import validRange from 'semver/ranges/valid.js';
import type { Advisory, AdvisorySeverity, Priority, PriorityClassification, ReleaseInfo, VersionComparison } from './types.js';

/** Limits behind the distance and age rules; each can be overridden per call. */
export interface PriorityThresholds {
  /** Major versions behind at which an update is HIGH. @default 2 */
  readonly majorsBehind: number;
  /** Releases behind at which an update is MEDIUM. @default 10 */
  readonly releasesBehind: number;
  /** Days since the candidate came out, still not applied, at which an update is MEDIUM. @default 90 */
  readonly candidateAgeDays: number;
  /** Age in days of the running version at which it counts as ageing (MEDIUM). @default 365 */
  readonly agingDays: number;
  /** Age in days of the running version at which it counts as very stale (HIGH). @default 730 */
  readonly staleDays: number;
}

/**
 * The limits used unless a call overrides some.
 *
 * @example
 * ```ts
 * // A component that must never fall a major behind:
 * classifyPriority({ comparison, thresholds: { majorsBehind: 1 } }, now);
 * ```
 */
export const DEFAULT_PRIORITY_THRESHOLDS: PriorityThresholds = {
  majorsBehind: 2,
  releasesBehind: 10,
  candidateAgeDays: 90,
  agingDays: 365,
  staleDays: 730,
};

/** What `classifyPriority` reads. */
export interface PriorityInput {
  /** The comparison of the running version with the best candidate. */
  readonly comparison: VersionComparison;
  /**
   * The release now running: its `releasedAt` gives its age, `yanked`/`deprecated` its standing,
   * and its `advisories` are taken to affect it as given.
   * @default - age, standing and per-release advisories are unknown and raise nothing
   */
  readonly currentRelease?: ReleaseInfo;
  /**
   * Advisories known for the component (e.g. from OSV). Each is checked against the running
   * version with its `affected` range or list; one without `affected` is taken to affect it.
   * @default - none
   */
  readonly advisories?: readonly Advisory[];
  /** @default - `DEFAULT_PRIORITY_THRESHOLDS` */
  readonly thresholds?: Partial<PriorityThresholds>;
}

type FixStatus = 'fixed' | 'not-fixed' | 'unknown';
interface Finding {
  readonly priority: Priority;
  readonly reason: string;
}

const RANK: Record<Priority, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };
/** The level an advisory gives when the candidate is known to fix it… */
const WHEN_FIXED: Record<AdvisorySeverity, Priority> = { CRITICAL: 'CRITICAL', HIGH: 'CRITICAL', MODERATE: 'HIGH', LOW: 'MEDIUM' };
/** …and one lower when that is unknown: a person should look, but it may not be the way out. */
const WHEN_UNKNOWN: Record<AdvisorySeverity, Priority> = { CRITICAL: 'HIGH', HIGH: 'HIGH', MODERATE: 'MEDIUM', LOW: 'LOW' };
const MS_PER_DAY = 86_400_000;

/**
 * Classifies how urgent an update is. Every rule below is checked; the priority is the highest
 * level any rule gives, and `reasons` holds one sentence per rule that fired, most urgent first.
 *
 * | level    | fires when |
 * |----------|------------|
 * | CRITICAL | a CRITICAL or HIGH advisory affects the running version and the candidate fixes it |
 * | HIGH     | a CRITICAL or HIGH advisory affects the running version and whether the candidate fixes it is unknown |
 * | HIGH     | a MODERATE advisory affects the running version and the candidate fixes it |
 * | HIGH     | the running version is yanked, or deprecated |
 * | HIGH     | the candidate is `majorsBehind` (default 2) or more major versions ahead |
 * | HIGH     | the running version is `staleDays` (default 730) or more days old |
 * | MEDIUM   | a MODERATE advisory affects the running version and whether the candidate fixes it is unknown |
 * | MEDIUM   | a LOW advisory affects the running version and the candidate fixes it |
 * | MEDIUM   | the update is major or minor |
 * | MEDIUM   | the candidate is `releasesBehind` (default 10) or more releases ahead |
 * | MEDIUM   | the candidate came out `candidateAgeDays` (default 90) or more days ago |
 * | MEDIUM   | the running version is `agingDays` (default 365) or more days old (and not yet stale) |
 * | LOW      | the update is patch or prerelease, or there is none |
 * | LOW      | a LOW advisory affects the running version and whether the candidate fixes it is unknown |
 * | LOW      | an advisory affects the running version but the candidate does not fix it (a note: updating does not help) |
 * | LOW      | there is no candidate (`available` is null): nothing can ship, so the result is LOW whatever else fired |
 *
 * Semver versions are matched by their release: a variant or prerelease such as `1.2.3-alpine` or
 * `1.2.3-rc.1` is judged as `1.2.3`, because advisories name releases. Whether an advisory affects
 * the running version: it is listed in `currentRelease.advisories`; or its `affected` is a semver
 * range the version satisfies; or its `affected` is a comma-separated list naming the version; or it has no `affected`, or a semver range that cannot be checked against a non-semver
 * version — then it is taken as given. Whether the candidate fixes it, first answer wins: the
 * candidate's own release lists it (no); a semver `affected` range (yes when the candidate is
 * outside it; unknown for a non-semver candidate); semver `fixedIn` (yes when the candidate is at
 * or past a fix on its own major line, or past every fix); the candidate named in `fixedIn` (yes);
 * an `affected` list (yes unless it names the candidate); otherwise unknown.
 *
 * @param now - the moment of classification, for the age rules (core code never reads the clock)
 * @example
 * ```ts
 * const { priority, reasons } = classifyPriority({
 *   comparison,                       // 1.2.3 → 1.2.4, a patch
 *   advisories: [{ id: 'GHSA-xxxx', severity: 'CRITICAL', summary: 'RCE', affected: '<1.2.4' }],
 * }, new Date());
 * // priority === 'CRITICAL'
 * // reasons[0] === 'Advisory GHSA-xxxx (CRITICAL, "RCE") affects 1.2.3, and 1.2.4 fixes it.'
 * ```
 */
export function classifyPriority(input: PriorityInput, now: Date): PriorityClassification {
  const { comparison } = input;
  const limits: PriorityThresholds = { ...DEFAULT_PRIORITY_THRESHOLDS, ...input.thresholds };
  const findings: Finding[] = [
    ...securityFindings(input),
    ...standingFindings(comparison.current, input.currentRelease),
    ...distanceFindings(comparison, limits),
    ...ageFindings(input, limits, now),
    updateTypeFinding(comparison),
  ];
  if (comparison.available === null) {
    // A priority ranks work to ship; with no candidate the other facts are kept only as a record.
    const why = `No newer version of ${comparison.component} can be proposed, so the priority is LOW whatever else applies.`;
    return { priority: 'LOW', reasons: [why, ...sortFindings(findings)] };
  }
  const priority = findings.reduce<Priority>((best, finding) => (RANK[finding.priority] < RANK[best] ? finding.priority : best), 'LOW');
  return { priority, reasons: sortFindings(findings) };
}

function sortFindings(findings: readonly Finding[]): string[] {
  return [...findings].sort((a, b) => RANK[a.priority] - RANK[b.priority]).map((finding) => finding.reason);
}

function securityFindings({ comparison, currentRelease, advisories = [] }: PriorityInput): Finding[] {
  // The running release's own list is the source's word that it is affected; others are checked.
  const affecting = new Map<string, Advisory>();
  for (const advisory of currentRelease?.advisories ?? []) affecting.set(advisory.id, advisory);
  for (const advisory of advisories) {
    if (!affecting.has(advisory.id) && affectsCurrent(comparison.current, advisory)) {
      affecting.set(advisory.id, advisory);
    }
  }
  return [...affecting.values()].map((advisory) => {
    const label = `Advisory ${advisory.id} (${advisory.severity}, "${advisory.summary}") affects ${comparison.current}`;
    const candidate = comparison.available;
    if (candidate === null) return { priority: 'LOW', reason: `${label}, and no candidate version fixes it.` };
    const status = fixStatus(advisory, candidate, comparison.release);
    if (status === 'fixed') return { priority: WHEN_FIXED[advisory.severity], reason: `${label}, and ${candidate} fixes it.` };
    if (status === 'unknown') {
      return { priority: WHEN_UNKNOWN[advisory.severity], reason: `${label}; whether ${candidate} fixes it is not known.` };
    }
    return { priority: 'LOW', reason: `${label}, but ${candidate} is affected too, so updating does not fix it.` };
  });
}

function fixStatus(advisory: Advisory, candidate: string, candidateRelease: ReleaseInfo | null): FixStatus {
  if (candidateRelease?.advisories?.some((listed) => listed.id === advisory.id) === true) return 'not-fixed';
  const base = semverRelease(candidate);
  const affected = advisory.affected;
  const range = affected === undefined ? null : validRange(affected);
  if (range !== null) {
    if (base === null) return 'unknown';
    return satisfies(base, range) ? 'not-fixed' : 'fixed';
  }
  const fixedIn = advisory.fixedIn ?? [];
  if (base !== null && fixedIn.length > 0 && fixedIn.every((version) => valid(version) !== null)) {
    // Fixes are often back-ported per major line: 1.9.4 and 2.0.1 may both fix it while 2.0.0 does not.
    const sameLine = fixedIn.filter((version) => major(version) === major(base));
    const fixed = sameLine.some((version) => gte(base, version))
      || fixedIn.every((version) => gte(base, version));
    return fixed ? 'fixed' : 'not-fixed';
  }
  if (listOf(fixedIn.join(',')).includes(plain(candidate))) return 'fixed';
  if (affected !== undefined) return listOf(affected).includes(plain(candidate)) ? 'not-fixed' : 'fixed';
  return 'unknown';
}

/** Whether an advisory applies to the running version; what cannot be checked is taken as given. */
function affectsCurrent(current: string, advisory: Advisory): boolean {
  const spec = advisory.affected;
  if (spec === undefined) return true;
  if (validRange(spec) === null) return listOf(spec).includes(plain(current));
  const release = semverRelease(current);
  return release === null || satisfies(release, spec);
}

/**
 * The release a semver version belongs to (`1.2.3-alpine` → `1.2.3`), or null when it is not semver.
 * Advisories name releases, and semver would order a container variant such as `1.2.4-alpine`
 * before `1.2.4`, wrongly placing it inside `<1.2.4`.
 */
function semverRelease(version: string): string | null {
  const parsed = parse(version);
  return parsed === null ? null : `${parsed.major}.${parsed.minor}.${parsed.patch}`;
}

function listOf(spec: string): string[] {
  return spec.split(',').map((item) => plain(item.trim())).filter((item) => item !== '');
}

/** `v1.2.3` and `1.2.3` name the same release. */
function plain(version: string): string {
  return version.replace(/^v/i, '');
}

function standingFindings(current: string, release: ReleaseInfo | undefined): Finding[] {
  const findings: Finding[] = [];
  if (release?.yanked === true) findings.push({ priority: 'HIGH', reason: `${current} has been yanked by its publisher.` });
  const deprecated = release?.deprecated;
  if (typeof deprecated === 'string' && deprecated !== '') {
    findings.push({ priority: 'HIGH', reason: `${current} is deprecated: ${deprecated}` });
  } else if (deprecated === true) {
    findings.push({ priority: 'HIGH', reason: `${current} is deprecated by its publisher.` });
  }
  return findings;
}

function distanceFindings(comparison: VersionComparison, limits: PriorityThresholds): Finding[] {
  const { current, available, distance } = comparison;
  const findings: Finding[] = [];
  if (distance.majors >= limits.majorsBehind) {
    findings.push({
      priority: 'HIGH',
      reason: `${current} is ${count(distance.majors, 'major version')} behind ${available} (HIGH from ${limits.majorsBehind}).`,
    });
  }
  if (distance.releases >= limits.releasesBehind) {
    findings.push({
      priority: 'MEDIUM',
      reason: `${current} is ${count(distance.releases, 'release')} behind ${available} (MEDIUM from ${limits.releasesBehind}).`,
    });
  }
  if (distance.daysSinceRelease !== null && distance.daysSinceRelease >= limits.candidateAgeDays) {
    findings.push({
      priority: 'MEDIUM',
      reason: `${available} came out ${count(distance.daysSinceRelease, 'day')} ago and is not yet applied (MEDIUM from ${limits.candidateAgeDays}).`,
    });
  }
  return findings;
}

function ageFindings({ comparison, currentRelease }: PriorityInput, limits: PriorityThresholds, now: Date): Finding[] {
  const releasedAt = currentRelease?.releasedAt;
  if (releasedAt === undefined) return [];
  // An unreadable date gives NaN, which no threshold reaches: unknown age raises nothing.
  const days = Math.floor((now.getTime() - Date.parse(releasedAt)) / MS_PER_DAY);
  const age = `${comparison.current} was released ${count(days, 'day')} ago`;
  if (days >= limits.staleDays) return [{ priority: 'HIGH', reason: `${age} and is very stale (HIGH from ${limits.staleDays}).` }];
  if (days >= limits.agingDays) return [{ priority: 'MEDIUM', reason: `${age} (MEDIUM from ${limits.agingDays}).` }];
  return [];
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function updateTypeFinding({ current, available, updateType }: VersionComparison): Finding {
  switch (updateType) {
    case 'major':
      return { priority: 'MEDIUM', reason: `${current} → ${available} is a major update, which may break callers.` };
    case 'minor':
      return { priority: 'MEDIUM', reason: `${current} → ${available} is a minor update with new features.` };
    case 'patch':
      return { priority: 'LOW', reason: `${current} → ${available} is a patch update.` };
    case 'prerelease':
      return { priority: 'LOW', reason: `${current} → ${available} is a prerelease update.` };
    case 'none':
      return { priority: 'LOW', reason: `${current} is the newest version that may be proposed.` };
  }
}
