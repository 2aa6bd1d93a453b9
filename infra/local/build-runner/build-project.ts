/**
 * The local counterpart of a CodeBuild project: what the runner needs to know about a component
 * beyond the request (where its source is, which suites must report, the benchmark, the
 * variables and secrets). In AWS the CDK stack puts the same facts into the project.
 */
import type { ComponentConfig } from '../../../functions/core/config/component-schema.js';
import type { GitSource } from '../../../functions/core/config/source-schema.js';
import { parseDuration } from '../../../functions/core/duration.js';
import type { SuiteKind } from '../../../functions/core/types.js';
import type { BenchmarkSettings } from './collect.js';

/** A component's build project. */
export interface BuildProject {
  /** Where the candidate is checked out from. */
  readonly source: GitSource;
  /** Suites that must have a report; one without fails the build. @default - none */
  readonly suites?: readonly SuiteKind[];
  /** The benchmark file to read and how to label it. @default - no benchmark */
  readonly benchmark?: BenchmarkSettings;
  /** Plain variables (the component's `simulation.environment`). @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Variable → secret name (the component's `simulation.secrets`). @default - none */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Used when the request names no time limit (`startBuild.sync` without `TimeoutInMinutesOverride`). @default 3600 */
  readonly timeoutSeconds?: number;
}

/** Finds a component's build project; `undefined` when the component cannot be built locally. */
export type BuildProjectLookup = (component: string) => Promise<BuildProject | undefined>;

/**
 * The build project of a configured component, or `undefined` when it has no simulation or its
 * source is not git (the local runner checks out git tags only).
 *
 * @example
 * ```ts
 * const runner = new LocalBuildRunner({
 *   dataDir,
 *   projects: async (name) => buildProjectOf((await config.get()).components.find((c) => c.name === name)),
 * });
 * ```
 */
export function buildProjectOf(component: ComponentConfig | undefined): BuildProject | undefined {
  const simulation = component?.simulation;
  if (component === undefined || simulation === undefined || component.source.type !== 'git') return undefined;
  const timeout = parseDuration(simulation.timeout);
  return {
    source: component.source,
    suites: simulation.suites,
    environment: simulation.environment,
    secrets: simulation.secrets,
    ...(simulation.benchmark === undefined ? {} : { benchmark: simulation.benchmark }),
    ...(timeout === undefined ? {} : { timeoutSeconds: timeout }),
  };
}
