import type { Build } from '@aws-sdk/client-codebuild';
import { BENCHMARK_VARIABLE } from './aws-names.js';
import type { BenchmarkConfig } from '../../core/config/schema.js';
import { SUITE_KINDS, type BenchmarkComparison, type SuiteKind, type SuiteResult } from '../../core/types.js';

/**
 * Which suite a report counts towards: the first of `unit`, `integration`, `performance`,
 * `regression`, `compatibility`, `security` that appears in its name at the start of a word
 * (case-insensitive; the earliest in the name wins when several do), or undefined for none.
 *
 * CodeBuild names a buildspec's report group `<project>-<report name in the buildspec>`, and the
 * project is `upkeep-sim-<component>`; the project prefix is removed first, so a component
 * called `security-gateway` does not make every one of its reports a security suite. Name the
 * buildspec's reports after their suite (`unit`, `integration-tests`, `security-scan`, …).
 *
 * @example
 * ```ts
 * suiteKindOf('upkeep-sim-api-integration-tests', 'upkeep-sim-api'); // 'integration'
 * ```
 */
export function suiteKindOf(name: string, projectName?: string): SuiteKind | undefined {
  let rest = name.toLowerCase();
  const prefix = projectName === undefined ? undefined : `${projectName.toLowerCase()}-`;
  if (prefix !== undefined && rest.startsWith(prefix)) rest = rest.slice(prefix.length);
  let best: { kind: SuiteKind; at: number } | undefined;
  for (const kind of SUITE_KINDS) {
    // The kind must start a word: `junit-all` is not a unit suite, `unit-tests` and `unittests` are.
    const at = rest.search(new RegExp(`(?<![a-z])${kind}`));
    if (at >= 0 && (best === undefined || at < best.at)) best = { kind, at };
  }
  return best?.kind;
}

/** The group name in a report group ARN (`arn:…:report-group/<name>`). */
export function reportGroupName(arn: string | undefined): string | undefined {
  const match = arn === undefined ? null : /:report-group\/(.+)$/.exec(arn);
  return match?.[1];
}

/** Adds a test case's status to a suite's counts. `ERROR` and `UNKNOWN` count as failed: a test that did not pass must not lift the pass rate. */
export function addCase(counts: SuiteResult | undefined, status: string | undefined): SuiteResult {
  const base = counts ?? { run: 0, passed: 0, failed: 0, skipped: 0 };
  if (status === 'SUCCEEDED') return { ...base, run: base.run + 1, passed: base.passed + 1 };
  if (status === 'SKIPPED') return { ...base, skipped: base.skipped + 1 };
  return { ...base, run: base.run + 1, failed: base.failed + 1 };
}

/** The benchmark a build exported, or why it could not be read. */
export type BenchmarkReading =
  | { readonly ok: true; readonly benchmark?: BenchmarkComparison }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads the benchmark a build exported in the variable `UPKEEP_BENCHMARK`: JSON
 * `{ "metric"?, "unit"?, "baseline": n, "candidate": n, "higherIsBetter"? }`. CodeBuild only
 * reports variables the buildspec declares under `env.exported-variables`, so the buildspec must
 * list `UPKEEP_BENCHMARK` there and set it in a phase. Missing fields come from the component's
 * `simulation.benchmark`; a benchmark the config asks for but the build did not export, or one
 * that is not such JSON, is a reason to fail.
 */
export function readBenchmark(build: Build, config: BenchmarkConfig | undefined): BenchmarkReading {
  const raw = build.exportedEnvironmentVariables?.find((v) => v.name === BENCHMARK_VARIABLE)?.value;
  if (raw === undefined || raw.trim() === '') {
    if (config === undefined) return { ok: true };
    return { ok: false, reason: `the build exported no ${BENCHMARK_VARIABLE}; declare it under env.exported-variables in the buildspec and set it to {"baseline": n, "candidate": n}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, reason: `${BENCHMARK_VARIABLE} is not JSON (got ${raw.slice(0, 60)}); set it to {"baseline": n, "candidate": n}` };
  }
  const data = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const { baseline, candidate } = data;
  if (typeof baseline !== 'number' || typeof candidate !== 'number' || !Number.isFinite(baseline) || !Number.isFinite(candidate)) {
    return { ok: false, reason: `${BENCHMARK_VARIABLE} must hold numbers "baseline" and "candidate" (got ${raw.slice(0, 80)})` };
  }
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    ok: true,
    benchmark: {
      metric: text(data.metric) ?? config?.metric ?? 'benchmark',
      unit: text(data.unit) ?? config?.unit ?? '',
      baseline,
      candidate,
      higherIsBetter: typeof data.higherIsBetter === 'boolean' ? data.higherIsBetter : (config?.higherIsBetter ?? false),
    },
  };
}
