/**
 * What a finished build leaves behind: test reports turned into per-suite counts, artifacts
 * copied out of the workspace, and the benchmark figures the build measured.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { BenchmarkConfig } from '../../../functions/core/config/simulation-schema.js';
import type { BenchmarkComparison, SuiteKind, SuiteResult } from '../../../functions/core/types.js';
import type { BuildLog } from './build-log.js';
import type { ArtifactSpec, ReportSpec } from './buildspec.js';
import { findFiles } from './glob.js';
import { addCounts, parseJUnit } from './junit.js';
import { suiteKindOf } from './suite-kinds.js';

/** Per-suite counts, plus every problem worth failing the build for. */
export interface ReportsOutcome {
  readonly suites: Partial<Record<SuiteKind, SuiteResult>>;
  readonly problems: readonly string[];
}

/**
 * Reads every JUNITXML report group: files matching its globs under its base directory are
 * parsed, copied to `<keep>/<group>/`, and added to the suite the group's name maps to
 * ({@link suiteKindOf}). A group matching no files, or a file that is not JUnit XML, is a
 * problem. Other formats (coverage, Cucumber, …) are noted in the log and left alone.
 */
export async function collectReports(reports: readonly ReportSpec[], srcDir: string, keep: string, log: BuildLog): Promise<ReportsOutcome> {
  const suites: Partial<Record<SuiteKind, SuiteResult>> = {};
  const problems: string[] = [];
  for (const report of reports) {
    if (report.fileFormat !== 'JUNITXML') {
      log.note(`Report group ${report.group}: file-format ${report.fileFormat} is not read locally (JUNITXML only); skipped`);
      continue;
    }
    const base = join(srcDir, report.baseDirectory);
    const files = await findFiles(base, report.files);
    if (files.length === 0) {
      problems.push(`missing report: report group ${report.group} matched no files (${report.files.join(', ') || 'no files listed'} under ${report.baseDirectory})`);
      continue;
    }
    const kind = suiteKindOf(report.group);
    let total = { run: 0, passed: 0, failed: 0, skipped: 0 };
    for (const file of files) {
      const path = join(base, file);
      try {
        total = addCounts(total, parseJUnit(await readFile(path, 'utf8')));
      } catch (error) {
        problems.push(`report group ${report.group}: ${file} ${(error as Error).message}`);
        continue;
      }
      const copy = join(keep, report.group.replace(/[^\w.-]|^\.+$/g, '_'), file);
      await mkdir(dirname(copy), { recursive: true });
      await copyFile(path, copy);
    }
    log.note(`Report group ${report.group}${kind === undefined ? ' (no suite kind in its name)' : ` → ${kind}`}: ${total.run} run, ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
    if (kind !== undefined) suites[kind] = addCounts(suites[kind] ?? { run: 0, passed: 0, failed: 0, skipped: 0 }, total);
  }
  return { suites, problems };
}

/** Copies the `artifacts` files to `dest`; returns how many were copied, or a problem. */
export async function collectArtifacts(spec: ArtifactSpec, srcDir: string, dest: string): Promise<{ readonly copied: number; readonly problem?: string }> {
  const base = join(srcDir, spec.baseDirectory);
  const files = await findFiles(base, spec.files);
  if (files.length === 0) return { copied: 0, problem: `no artifact files matched ${spec.files.join(', ')} under ${spec.baseDirectory}` };
  for (const file of files) {
    const target = join(dest, spec.discardPaths ? basename(file) : file);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(base, file), target);
  }
  return { copied: files.length };
}

/** The part of the benchmark configuration the runner needs. */
export type BenchmarkSettings = Pick<BenchmarkConfig, 'metric' | 'unit' | 'higherIsBetter' | 'file'>;

/**
 * The benchmark the build wrote to `settings.file` (relative to the source directory):
 * `{ "baseline": n, "candidate": n }`, both figures measured in this build. Throws with a
 * reason when the file is missing or has another shape.
 */
export async function readBenchmark(settings: BenchmarkSettings, srcDir: string): Promise<BenchmarkComparison> {
  let text: string;
  try {
    text = await readFile(join(srcDir, settings.file), 'utf8');
  } catch {
    throw new Error(`benchmark file ${settings.file} was not written by the build`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`benchmark file ${settings.file} is not JSON`);
  }
  const { baseline, candidate } = (parsed ?? {}) as { baseline?: unknown; candidate?: unknown };
  if (typeof baseline !== 'number' || typeof candidate !== 'number' || !Number.isFinite(baseline) || !Number.isFinite(candidate)) {
    throw new Error(`benchmark file ${settings.file} must be { "baseline": <number>, "candidate": <number> }, got ${text.trim().slice(0, 200)}`);
  }
  return { metric: settings.metric, unit: settings.unit, baseline, candidate, higherIsBetter: settings.higherIsBetter };
}
