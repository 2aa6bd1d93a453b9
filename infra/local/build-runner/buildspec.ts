/**
 * Reads a CodeBuild buildspec (version 0.2) into what the local runner executes. The shape is
 * checked by the same schema `upkeep.yaml` uses for inline buildspecs, so a buildspec the
 * config accepts is one the runner runs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { InlineBuildspecSchema } from '../../../functions/core/config/simulation-schema.js';
import { BuildSetupError } from './errors.js';
import { staysInside } from './glob.js';

/** CodeBuild's phase names, in the order they run, with the name CodeBuild logs. */
export const PHASES = [
  ['install', 'INSTALL'],
  ['pre_build', 'PRE_BUILD'],
  ['build', 'BUILD'],
  ['post_build', 'POST_BUILD'],
] as const;

export type PhaseType = (typeof PHASES)[number][1];

/** One phase to run. */
export interface PhaseSpec {
  readonly type: PhaseType;
  readonly commands: readonly string[];
  readonly finally: readonly string[];
  /** @default 'ABORT' */
  readonly onFailure: 'ABORT' | 'CONTINUE' | 'RETRY';
}

/** A `reports` entry: a report group and the files it reads. */
export interface ReportSpec {
  readonly group: string;
  readonly files: readonly string[];
  /** Relative to the source directory. @default '.' */
  readonly baseDirectory: string;
  /** @default 'JUNITXML' */
  readonly fileFormat: string;
}

/** The `artifacts` section. */
export interface ArtifactSpec {
  readonly files: readonly string[];
  readonly baseDirectory: string;
  readonly discardPaths: boolean;
}

/** A buildspec as the runner executes it. */
export interface Buildspec {
  readonly variables: Readonly<Record<string, string>>;
  /** Variable → secret reference (`name[:json-key]`), from `secrets-manager` and `parameter-store`. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly phases: readonly PhaseSpec[];
  readonly reports: readonly ReportSpec[];
  readonly artifacts?: ArtifactSpec;
}

/** Where a `BuildspecOverride` points: inline YAML, or a file in the source. */
export type BuildspecLocation = { readonly kind: 'inline'; readonly text: string } | { readonly kind: 'file'; readonly path: string };

/**
 * Tells inline YAML from a path, as CodeBuild does with `buildspecOverride`: text that parses to
 * a mapping is a buildspec, a single line is a path in the source; an empty override means the
 * source's own `buildspec.yml`.
 *
 * @example
 * ```ts
 * buildspecLocation('ci/buildspec.yml'); // { kind: 'file', path: 'ci/buildspec.yml' }
 * ```
 */
export function buildspecLocation(override: string | undefined): BuildspecLocation {
  const text = (override ?? '').trim();
  if (text === '') return { kind: 'file', path: 'buildspec.yml' };
  if (!text.includes('\n') && !/^\s*\{/.test(text)) {
    if (!staysInside(text)) throw new BuildSetupError(`buildspec path must stay inside the source, got ${JSON.stringify(text)}`);
    return { kind: 'file', path: text };
  }
  return { kind: 'inline', text };
}

/**
 * Parses and checks buildspec YAML; throws `BuildSetupError` naming `origin`, the path of each
 * problem and what was found.
 */
export function parseBuildspec(text: string, origin: string): Buildspec {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new BuildSetupError(`${origin} is not valid YAML: ${(error as Error).message.split('\n')[0] ?? ''}`);
  }
  const checked = InlineBuildspecSchema.safeParse(raw);
  if (!checked.success) {
    const problems = checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new BuildSetupError(`${origin} is not a valid buildspec: ${problems.join('; ')}`);
  }
  const spec = checked.data;
  const phases: PhaseSpec[] = [];
  for (const [key, type] of PHASES) {
    const phase = spec.phases[key];
    if (phase === undefined) continue;
    phases.push({ type, commands: phase.commands, finally: phase.finally ?? [], onFailure: phase['on-failure'] ?? 'ABORT' });
  }
  const reports = Object.entries(spec.reports ?? {}).map(([group, report]): ReportSpec => ({
    group,
    files: report.files ?? [],
    baseDirectory: relativeDir(report['base-directory'], `reports.${group}.base-directory`, origin),
    fileFormat: typeof report['file-format'] === 'string' ? report['file-format'].toUpperCase() : 'JUNITXML',
  }));
  return {
    variables: spec.env?.variables ?? {},
    secrets: { ...spec.env?.['parameter-store'], ...spec.env?.['secrets-manager'] },
    phases,
    reports,
    ...(spec.artifacts === undefined ? {} : { artifacts: artifactSpec(spec.artifacts, origin) }),
  };
}

function artifactSpec(raw: Record<string, unknown>, origin: string): ArtifactSpec {
  const files = raw.files;
  if (!Array.isArray(files) || !files.every((f): f is string => typeof f === 'string')) {
    throw new BuildSetupError(`${origin}: artifacts.files must be a list of globs, got ${JSON.stringify(files ?? null)}`);
  }
  const discard = raw['discard-paths'];
  return { files, baseDirectory: relativeDir(raw['base-directory'], 'artifacts.base-directory', origin), discardPaths: discard === true || discard === 'yes' };
}

function relativeDir(value: unknown, where: string, origin: string): string {
  if (value === undefined) return '.';
  if (typeof value !== 'string' || !staysInside(value)) {
    throw new BuildSetupError(`${origin}: ${where} must be a directory inside the source, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The buildspec a build runs: the override's inline YAML, or the file it names in the checked-out source. */
export async function loadBuildspec(override: string | undefined, srcDir: string): Promise<Buildspec> {
  const where = buildspecLocation(override);
  if (where.kind === 'inline') return parseBuildspec(where.text, 'the inline buildspec');
  let text: string;
  try {
    text = await readFile(join(srcDir, where.path), 'utf8');
  } catch {
    throw new BuildSetupError(`buildspec ${where.path} does not exist in the checked-out source`);
  }
  return parseBuildspec(text, where.path);
}
