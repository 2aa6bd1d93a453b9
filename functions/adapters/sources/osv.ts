import type { Advisory, ReleaseInfo } from '../../core/types.js';
import type { PoliteHttpClient } from './http-client.js';
import { expectObject, isObject, str, type JsonObject } from './json-shape.js';
import { osvSeverity } from './osv-severity.js';
import { compareVersions } from './version-order.js';

/** The OSV ecosystems Upkeep asks about. */
export type OsvEcosystem = 'npm' | 'PyPI' | 'Maven';

/** One OSV record as an advisory, with the versions and ranges it affects, so releases can be matched. */
export interface OsvMatch {
  readonly advisory: Advisory;
  readonly versions: ReadonlySet<string>;
  readonly ranges: readonly (readonly JsonObject[])[];
}

/** @default 10 - pages of results followed for one package */
const MAX_PAGES = 10;

/**
 * Advisories from OSV (`POST /v1/query`, https://google.github.io/osv.dev/post-v1-query/):
 * one query per package (no version, so every record for the package comes back), then each
 * release gets the records whose affected versions or SEMVER/ECOSYSTEM ranges contain it.
 *
 * @example
 * ```ts
 * const osv = new OsvClient(http);
 * const releases = await osv.annotate(listing.releases, 'npm', 'left-pad', 'https://api.osv.dev');
 * ```
 */
export class OsvClient {
  public constructor(private readonly http: PoliteHttpClient) {}

  /** Every OSV record for the package, not withdrawn, as advisories with their ranges. */
  public async query(ecosystem: OsvEcosystem, name: string, baseUrl: string, signal?: AbortSignal): Promise<readonly OsvMatch[]> {
    const url = `${baseUrl.replace(/\/+$/, '')}/v1/query`;
    const matches: OsvMatch[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const body = JSON.stringify({ package: { name, ecosystem }, ...(pageToken === undefined ? {} : { page_token: pageToken }) });
      const { data } = await this.http.getJson({
        url, method: 'POST', body, signal, headers: { 'content-type': 'application/json', accept: 'application/json' },
      });
      const answer = expectObject(data, url, 'the query result');
      const vulns = Array.isArray(answer.vulns) ? answer.vulns : [];
      for (const vuln of vulns) {
        if (isObject(vuln) && vuln.withdrawn === undefined) matches.push(toMatch(vuln, ecosystem, name));
      }
      pageToken = str(answer.next_page_token);
      if (pageToken === undefined) break;
    }
    return matches;
  }

  /** `releases` with `advisories` set on each release that an OSV record affects. */
  public async annotate(
    releases: readonly ReleaseInfo[], ecosystem: OsvEcosystem, name: string, baseUrl: string, signal?: AbortSignal,
  ): Promise<ReleaseInfo[]> {
    const matches = await this.query(ecosystem, name, baseUrl, signal);
    return releases.map((release) => {
      const advisories = matches.filter((match) => affects(match, release.version)).map((match) => match.advisory);
      return advisories.length === 0 ? { ...release } : { ...release, advisories };
    });
  }
}

function toMatch(vuln: JsonObject, ecosystem: OsvEcosystem, name: string): OsvMatch {
  const id = str(vuln.id) ?? 'OSV-UNKNOWN';
  const affected = (Array.isArray(vuln.affected) ? vuln.affected : [])
    .filter(isObject)
    .filter((entry) => isObject(entry.package) && entry.package.ecosystem === ecosystem && samePackage(str(entry.package.name), name, ecosystem));
  const versions = new Set<string>();
  const ranges: JsonObject[][] = [];
  for (const entry of affected) {
    for (const version of Array.isArray(entry.versions) ? entry.versions : []) if (typeof version === 'string') versions.add(version);
    for (const range of Array.isArray(entry.ranges) ? entry.ranges : []) {
      // GIT ranges name commits, not versions: they cannot be matched against releases.
      if (isObject(range) && (range.type === 'SEMVER' || range.type === 'ECOSYSTEM') && Array.isArray(range.events)) {
        ranges.push(range.events.filter(isObject));
      }
    }
  }
  const fixedIn = ranges.flat().map((event) => str(event.fixed)).filter((v): v is string => v !== undefined);
  const aliases = (Array.isArray(vuln.aliases) ? vuln.aliases : []).filter((a): a is string => typeof a === 'string');
  const references = (Array.isArray(vuln.references) ? vuln.references : []).filter(isObject);
  const advisoryRef = references.find((ref) => ref.type === 'ADVISORY') ?? references[0];
  const summary = str(vuln.summary) ?? str(vuln.details)?.split('\n')[0] ?? id;
  const advisory: Advisory = {
    id,
    severity: osvSeverity(vuln, affected),
    summary,
    affected: describeRanges(ranges, versions),
    ...(fixedIn.length > 0 ? { fixedIn: [...new Set(fixedIn)] } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
    url: str(advisoryRef?.url) ?? `https://osv.dev/vulnerability/${encodeURIComponent(id)}`,
  };
  return { advisory, versions, ranges };
}

/** True when the release is listed, or lies in one of the ranges (OSV's event walk). */
function affects(match: OsvMatch, version: string): boolean {
  if (match.versions.has(version)) return true;
  return match.ranges.some((events) => {
    const ordered = [...events].sort((x, y) => compareVersions(eventVersion(x), eventVersion(y)));
    let inside = false;
    for (const event of ordered) {
      const introduced = str(event.introduced);
      const fixed = str(event.fixed);
      const last = str(event.last_affected);
      if (introduced !== undefined && (introduced === '0' || compareVersions(version, introduced) >= 0)) inside = true;
      if (fixed !== undefined && compareVersions(version, fixed) >= 0) inside = false;
      if (last !== undefined && compareVersions(version, last) > 0) inside = false;
    }
    return inside;
  });
}

function eventVersion(event: JsonObject): string {
  const version = str(event.introduced) ?? str(event.fixed) ?? str(event.last_affected) ?? str(event.limit) ?? '0';
  return version === '0' ? '0.0.0-0' : version;
}

/** `>=1.0.0 <1.2.3 || >=2.0.0 <2.0.1`, or the explicit versions when there are no ranges. */
function describeRanges(ranges: readonly (readonly JsonObject[])[], versions: ReadonlySet<string>): string {
  const parts = ranges.map((events) =>
    events
      .map((event) => {
        const introduced = str(event.introduced);
        if (introduced !== undefined) return introduced === '0' ? '>=0' : `>=${introduced}`;
        const fixed = str(event.fixed);
        if (fixed !== undefined) return `<${fixed}`;
        const last = str(event.last_affected);
        return last === undefined ? '' : `<=${last}`;
      })
      .filter((part) => part !== '')
      .join(' '),
  );
  if (parts.length > 0) return parts.join(' || ');
  return [...versions].join(', ');
}

/** npm and Maven names compare exactly; PyPI names after PEP 503 normalisation. */
function samePackage(a: string | undefined, b: string, ecosystem: OsvEcosystem): boolean {
  if (a === undefined) return false;
  if (ecosystem !== 'PyPI') return a === b;
  return normalisePypiName(a) === normalisePypiName(b);
}

/** PEP 503: lower case, runs of `-`, `_` and `.` become one `-`. */
export function normalisePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
