import type {
  BreakingSignal, ComponentState, ReleaseInfo, UpdateType, VersionComparison, VersionDistance, VersioningScheme,
} from './types.js';
import { changelogMarkers } from './versions/changelog-markers.js';
import {
  compareParsed, comparePrecedence, field, firstDifference, parseVersion, sameRelease, updateTypeBetween,
} from './versions/index.js';
import type { ParsedVersion } from './versions/index.js';

/** One version passed over, and why, as `VersionComparison.skipped` lists it. */
export interface SkippedVersion {
  readonly version: string;
  readonly reason: string;
}

interface Candidate {
  readonly release: ReleaseInfo;
  readonly version: ParsedVersion;
}

/** What every release is checked against, worked out once per comparison. */
interface Rules {
  readonly state: ComponentState;
  readonly current: ParsedVersion;
  /** `undefined` when none is set; `null` when it is set but cannot be read. */
  readonly highWaterMark: ParsedVersion | null | undefined;
  readonly quarantined: readonly ParsedVersion[];
  readonly prereleasesAllowed: boolean;
}

const MS_PER_DAY = 86_400_000;
const NO_DISTANCE: VersionDistance = { majors: 0, minors: 0, patches: 0, releases: 0, daysSinceRelease: null };
const NO_BREAK: BreakingSignal = { breaking: false, reasons: [] };
const SCHEME_NOUN: Readonly<Record<VersioningScheme, string>> = {
  auto: 'semver, calendar or date version',
  semver: 'semver version',
  calver: 'calendar version',
  date: 'date-stamped tag',
  container: 'versioned image tag',
};
/** Kinds whose first field is a compatibility promise; a new calendar year promises nothing. */
const SEMANTIC_KINDS: ReadonlySet<string> = new Set(['semver', 'container']);

/**
 * Compares a component's running version with the releases a source lists and picks the best
 * version that may be proposed: the highest release that is newer than the current version,
 * above the high-water mark, not quarantined, not yanked, of the same variant (and, for image
 * tags, with as many numeric fields), and not a prerelease unless the current version is one
 * or `allowPrerelease` is set. Every newer release passed over is listed in `skipped` with its
 * reason, as is every string that is not a version of the scheme; older ones are not updates
 * and are not listed.
 *
 * - `updateType` follows the first field that changes (see `versions/index.ts`): for calendar
 *   schemes a new year is `major`, a new month or minor is `minor`, anything finer is `patch`.
 * - `distance` counts, along the offerable releases in order, how far each step moves the field
 *   it changes: 1.2.3 → 1.2.5 → 1.4.0 → 3.0.0 is 2 majors, 2 minors and 2 patches over
 *   3 releases. `daysSinceRelease` is the best release's age at `now`.
 * - `breaking` is a major bump of a semver or image-tag version (a calendar year is not one),
 *   a minor bump below 1.0.0, or a marker in the changelog of any release in the jump
 *   (current, best], including skipped ones, since their changes ship too.
 *
 * @example
 * ```ts
 * const comparison = compareComponent(
 *   { name: 'api', current: '1.2.3', scheme: 'semver', quarantined: ['1.3.0'] },
 *   [{ version: '1.2.4' }, { version: '1.3.0' }, { version: '2.0.0-rc.1' }],
 *   new Date(),
 * );
 * comparison.available; // '1.2.4'
 * comparison.skipped;   // [{ version: '1.3.0', reason: 'quarantined …' }, { version: '2.0.0-rc.1', reason: 'a prerelease, …' }]
 * ```
 */
export function compareComponent(state: ComponentState, releases: readonly ReleaseInfo[], now: Date): VersionComparison {
  const noun = SCHEME_NOUN[state.scheme];
  const current = parseVersion(state.current, state.scheme);
  if (current === null) {
    const recommendation =
      `Cannot compare ${state.name}: its current version "${state.current}" is not a ${noun}; ` +
      'correct the current version or the versioning scheme.';
    return noUpdate(state, [], recommendation);
  }
  const rules: Rules = {
    state,
    current,
    highWaterMark: state.highWaterMark === undefined ? undefined : parseVersion(state.highWaterMark, state.scheme),
    quarantined: (state.quarantined ?? [])
      .map((text) => parseVersion(text, state.scheme))
      .filter((version): version is ParsedVersion => version !== null),
    prereleasesAllowed: state.allowPrerelease === true || current.prerelease.length > 0,
  };

  const skipped: SkippedVersion[] = [];
  const offerable: Candidate[] = [];
  const sameStream: Candidate[] = [];
  for (const release of distinct(releases)) {
    const version = parseVersion(release.version, state.scheme);
    if (version === null) {
      skipped.push({ version: release.version, reason: `not a ${noun}` });
      continue;
    }
    if (comparePrecedence(version, current) <= 0) continue;
    const candidate = { release, version };
    if (version.variant === current.variant) sameStream.push(candidate);
    const reason = skipReason(candidate, rules);
    if (reason === null) offerable.push(candidate);
    else skipped.push({ version: release.version, reason });
  }

  offerable.sort((a, b) => compareParsed(a.version, b.version));
  const best = offerable.at(-1);
  if (best === undefined) {
    const recommendation = skipped.length === 0
      ? `${state.name} is up to date at ${state.current}.`
      : `No update to propose for ${state.name} (at ${state.current}): ${count(skipped.length, 'listed version')} skipped; see skipped for why.`;
    return noUpdate(state, skipped, recommendation);
  }

  const updateType = updateTypeBetween(current, best.version);
  const distance = distanceTo(current, offerable, best.release, now);
  const jump = sameStream.filter(({ version }) => comparePrecedence(version, best.version) <= 0);
  const breaking = breakingSignal(current, best.version, updateType, jump);
  return {
    component: state.name,
    current: state.current,
    available: best.release.version,
    updateAvailable: true,
    updateType,
    distance,
    breaking,
    recommendation: recommend(state, best.version, updateType, distance, breaking),
    release: best.release,
    skipped,
  };
}

/**
 * One entry per version string, the first listing's details kept. A source that lists a
 * version twice and marks only one listing yanked is taken at its word: the version is yanked.
 */
function distinct(releases: readonly ReleaseInfo[]): ReleaseInfo[] {
  const byVersion = new Map<string, ReleaseInfo>();
  for (const release of releases) {
    const first = byVersion.get(release.version);
    byVersion.set(release.version, first === undefined ? release : { ...first, yanked: first.yanked === true || release.yanked === true });
  }
  return [...byVersion.values()];
}

/** Why a newer release may not be proposed, or `null` when it may. The first rule that applies wins. */
function skipReason({ release, version }: Candidate, rules: Rules): string | null {
  const { state, current, highWaterMark } = rules;
  if (version.variant !== current.variant) {
    return `${describeVariant(version.variant)} where the current version has ${describeVariant(current.variant)}`;
  }
  // A pinned `1.2.3` must not become a floating `1.3`, nor the other way round.
  if (state.scheme === 'container' && version.release.length !== current.release.length) {
    return `${version.release.length} numeric fields where the current tag has ${current.release.length}`;
  }
  if (release.yanked === true) return 'yanked by its publisher';
  if (rules.quarantined.some((banned) => sameRelease(banned, version))) {
    return 'quarantined for this component (rolled back or banned)';
  }
  // Fail closed: a mark that cannot be read cannot show any version to be above it.
  if (highWaterMark === null) {
    return `the high-water mark "${state.highWaterMark}" is not a ${SCHEME_NOUN[state.scheme]}, so nothing can be shown to be above it`;
  }
  if (highWaterMark !== undefined && comparePrecedence(version, highWaterMark) <= 0) {
    return `at or below the high-water mark ${state.highWaterMark}`;
  }
  if (version.prerelease.length > 0 && !rules.prereleasesAllowed) {
    return 'a prerelease, and the current version is a release (set allowPrerelease to offer prereleases)';
  }
  return null;
}

function describeVariant(variant: string): string {
  return variant === '' ? 'no variant' : `variant "${variant}"`;
}

/** Walks the offerable releases in order, adding how far each step moves the field it changes. */
function distanceTo(current: ParsedVersion, offerable: readonly Candidate[], best: ReleaseInfo, now: Date): VersionDistance {
  const moved: Record<UpdateType, number> = { major: 0, minor: 0, patch: 0, prerelease: 0, none: 0 };
  let previous = current;
  for (const { version } of offerable) {
    const index = firstDifference(previous, version);
    // A prerelease step (or two spellings of one version) changes no numeric field.
    const gain = index === -1 ? 0 : field(version, index) - field(previous, index);
    moved[updateTypeBetween(previous, version)] += gain;
    previous = version;
  }
  return {
    majors: moved.major,
    minors: moved.minor,
    patches: moved.patch,
    releases: offerable.length,
    daysSinceRelease: daysSince(best.releasedAt, now),
  };
}

function daysSince(releasedAt: string | undefined, now: Date): number | null {
  const at = releasedAt === undefined ? Number.NaN : Date.parse(releasedAt);
  // A release stamped slightly in the future (clock skew at the source) is zero days old.
  return Number.isNaN(at) ? null : Math.max(0, Math.floor((now.getTime() - at) / MS_PER_DAY));
}

function breakingSignal(current: ParsedVersion, best: ParsedVersion, updateType: UpdateType, jump: readonly Candidate[]): BreakingSignal {
  const reasons: string[] = [];
  const semantic = SEMANTIC_KINDS.has(best.kind);
  if (semantic && updateType === 'major') reasons.push(`major version bump (${current.raw} → ${best.raw})`);
  // Semver §4: below 1.0.0 anything may change, so a new minor is the breaking step.
  if (semantic && updateType === 'minor' && current.release[0] === 0) {
    reasons.push(`minor bump below 1.0.0 (${current.raw} → ${best.raw}), where semver promises no compatibility`);
  }
  for (const { release } of jump) {
    for (const marker of changelogMarkers(release.changelog ?? '')) {
      reasons.push(`changelog of ${release.version} marks a break (${marker})`);
    }
  }
  return { breaking: reasons.length > 0, reasons };
}

function recommend(
  state: ComponentState, best: ParsedVersion, updateType: UpdateType, distance: VersionDistance, breaking: BreakingSignal,
): string {
  const steps = ([['major', distance.majors], ['minor', distance.minors], ['patch', distance.patches]] as const)
    .filter(([, amount]) => amount > 0)
    .map(([field, amount]) => `+${amount} ${field}`);
  const detail = steps.length > 0 ? ` (${steps.join(', ')})` : '';
  const days = distance.daysSinceRelease;
  const age = days === null ? '' : `, released ${count(days, 'day')} ago`;
  const sentences = [
    `Upgrade ${state.name} from ${state.current} to ${best.raw}: a ${updateType} update, ` +
      `${count(distance.releases, 'release')} behind${detail}${age}.`,
    breaking.breaking
      ? `Review before rolling out: breaking changes are signalled (${breaking.reasons.join('; ')}).`
      : 'No breaking changes are signalled.',
  ];
  if (best.prerelease.length > 0) sentences.push(`${best.raw} is a prerelease.`);
  return sentences.join(' ');
}

function count(amount: number, noun: string): string {
  return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
}

function noUpdate(state: ComponentState, skipped: readonly SkippedVersion[], recommendation: string): VersionComparison {
  return {
    component: state.name,
    current: state.current,
    available: null,
    updateAvailable: false,
    updateType: 'none',
    distance: NO_DISTANCE,
    breaking: NO_BREAK,
    recommendation,
    release: null,
    skipped,
  };
}
