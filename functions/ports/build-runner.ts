import type { SimulationResult } from '../core/types.js';

/** What the simulation of one candidate needs. */
export interface BuildRequest {
  readonly workflowId: string;
  readonly component: string;
  readonly candidateVersion: string;
  readonly currentVersion: string;
  /** The buildspec (YAML text) to run. */
  readonly buildspec: string;
  readonly timeoutSeconds: number;
  /** Extra plain-text variables for the build. */
  readonly variables?: Readonly<Record<string, string>>;
}

export type BuildStatus = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'FAULT' | 'TIMED_OUT' | 'STOPPED';

/** A build as the runner reports it (CodeBuild's `Build` shape, trimmed to what we read). */
export interface BuildInfo {
  readonly id: string;
  readonly status: BuildStatus;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly logUrl?: string;
  /** Why the build failed, when it did (failing phase, time-out, missing report, checkout). */
  readonly reason?: string;
}

/**
 * Runs a candidate's tests and benchmark in isolation: CodeBuild in AWS, the buildspec runner
 * locally. In the state machine the build itself is started by the `codebuild:startBuild.sync`
 * integration; handlers use this port to read what a finished build produced.
 *
 * @example
 * ```ts
 * const result = await runner.results(buildId); // per-suite counts + benchmark
 * ```
 */
export interface BuildRunner {
  start(request: BuildRequest): Promise<BuildInfo>;
  get(buildId: string): Promise<BuildInfo>;
  /** Per-suite results and the benchmark of a finished build; a build with no reports is FAILED with the reason. */
  results(buildId: string): Promise<SimulationResult>;
}
