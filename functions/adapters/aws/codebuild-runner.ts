import {
  BatchGetBuildsCommand, BatchGetReportsCommand, CodeBuildClient, DescribeTestCasesCommand, StartBuildCommand,
} from '@aws-sdk/client-codebuild';
import type { Build, Report } from '@aws-sdk/client-codebuild';
import { SIMULATION_PROJECT_PREFIX, simulationProjectName } from '../../constants.js';
import { BadResponseError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { SimulationResult, SuiteKind, SuiteResult } from '../../core/types.js';
import type { BuildInfo, BuildRequest, BuildRunner, BuildStatus } from '../../ports/build-runner.js';
import type { ConfigProvider } from '../../ports/config-provider.js';
import { toAwsUpkeepError } from './aws-errors.js';
import { addCase, readBenchmark, reportGroupName, suiteKindOf } from './codebuild-reports.js';
import { traced } from './traced-client.js';

/** Options of {@link CodeBuildRunner}. */
export interface CodeBuildRunnerOptions {
  /** @default - a client built from the Lambda's environment (region and credentials) */
  readonly client?: CodeBuildClient;
  /**
   * The configuration, for the component's `simulation.benchmark` (metric, unit, and whether a
   * benchmark is required).
   * @default - no configuration: an exported benchmark is read as it is, a missing one is no benchmark
   */
  readonly config?: ConfigProvider;
}

/** CodeBuild's own bounds on `timeoutInMinutesOverride`. */
const MIN_TIMEOUT_MINUTES = 5;
const MAX_TIMEOUT_MINUTES = 2_160;
/** `BatchGetReports` takes at most 100 ARNs; `DescribeTestCases` returns at most 100 a page. */
const PAGE = 100;

const STATUSES = new Set<BuildStatus>(['IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'FAULT', 'TIMED_OUT', 'STOPPED']);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Why a build did not succeed: its first failed phase and what CodeBuild said about it. */
function failureReason(build: Build, status: BuildStatus): string | undefined {
  if (status === 'SUCCEEDED' || status === 'IN_PROGRESS') return undefined;
  if (status === 'TIMED_OUT') return 'the build exceeded its time limit';
  if (status === 'STOPPED') return 'the build was stopped';
  const phase = build.phases?.find((p) => p.phaseStatus !== undefined && p.phaseStatus !== 'SUCCEEDED');
  if (phase === undefined) return `the build ended ${status}`;
  const said = phase.contexts?.map((c) => c.message).find((m) => m !== undefined && m !== '');
  return `phase ${phase.phaseType ?? '(unnamed)'} ${phase.phaseStatus ?? status}${said === undefined ? '' : `: ${said}`}`;
}

function toBuildInfo(build: Build): BuildInfo {
  const status: BuildStatus | undefined = build.buildStatus;
  if (build.id === undefined || status === undefined || !STATUSES.has(status) || build.startTime === undefined) {
    throw new BadResponseError(`CodeBuild described build ${build.id ?? '(no id)'} without a known status or start time`);
  }
  const reason = failureReason(build, status);
  return {
    id: build.id,
    status,
    startedAt: build.startTime.toISOString(),
    ...(build.endTime === undefined ? {} : { endedAt: build.endTime.toISOString() }),
    ...(build.logs?.deepLink === undefined ? {} : { logUrl: build.logs.deepLink }),
    ...(reason === undefined ? {} : { reason }),
  };
}

/**
 * {@link BuildRunner} on AWS CodeBuild: one project per component, `upkeep-sim-<component>`
 * (see `simulationProjectName`), whose buildspec, variables and time limit each start overrides.
 *
 * Results come from the build's test reports: each report counts towards the suite its report
 * group is named after (see `suiteKindOf`: `unit`, `integration`, `performance`, `regression`,
 * `compatibility`, `security` in the name, after the project prefix); a report named after none
 * has its test cases sorted by their suite name (`testSuiteName`, else `prefix`) by the same
 * rule, and cases that still match nothing are left out. The benchmark is the exported variable
 * `UPKEEP_BENCHMARK` (see `readBenchmark`). A build that did not succeed, or produced no test
 * report that names a suite, is FAILED with the reason; whether enough tests passed is for the
 * workflow to judge against the component's `minPassRate`.
 *
 * @example
 * ```ts
 * const runner = new CodeBuildRunner({ config });
 * const result = await runner.results('upkeep-sim-api:0b8c…');
 * ```
 */
export class CodeBuildRunner implements BuildRunner {
  readonly #client: CodeBuildClient;
  readonly #config: ConfigProvider | undefined;

  public constructor(options: CodeBuildRunnerOptions = {}) {
    this.#client = options.client ?? traced(new CodeBuildClient({}));
    this.#config = options.config;
  }

  public async start(request: BuildRequest): Promise<BuildInfo> {
    const variables: Record<string, string> = {
      ...request.variables,
      UPKEEP_WORKFLOW_ID: request.workflowId,
      UPKEEP_COMPONENT: request.component,
      UPKEEP_CANDIDATE_VERSION: request.candidateVersion,
      UPKEEP_CURRENT_VERSION: request.currentVersion,
    };
    const minutes = Math.min(MAX_TIMEOUT_MINUTES, Math.max(MIN_TIMEOUT_MINUTES, Math.ceil(request.timeoutSeconds / 60)));
    const projectName = simulationProjectName(request.component);
    try {
      const out = await this.#client.send(
        new StartBuildCommand({
          projectName,
          ...(request.buildspec.trim() === '' ? {} : { buildspecOverride: request.buildspec }),
          environmentVariablesOverride: Object.entries(variables).map(([name, value]) => ({ name, value, type: 'PLAINTEXT' })),
          timeoutInMinutesOverride: minutes,
          // A retried start within CodeBuild's five-minute window returns the same build.
          idempotencyToken: `${request.workflowId}:${request.candidateVersion}`.slice(0, 64),
        }),
      );
      if (out.build === undefined) throw new BadResponseError(`CodeBuild started project ${projectName} but described no build`);
      return toBuildInfo(out.build);
    } catch (error) {
      throw toAwsUpkeepError(error, `start simulation build in project ${projectName}`, 'CodeBuild');
    }
  }

  public async get(buildId: string): Promise<BuildInfo> {
    return toBuildInfo(await this.#build(buildId));
  }

  public async results(buildId: string): Promise<SimulationResult> {
    const build = await this.#build(buildId);
    const info = toBuildInfo(build);
    if (info.status === 'IN_PROGRESS') throw new ValidationError(`build ${buildId} is still running; read its results once it has finished`);
    const projectName = build.projectName ?? buildId.split(':')[0] ?? '';
    const suites: Partial<Record<SuiteKind, SuiteResult>> = {};
    for (const report of await this.#reports(build.reportArns ?? [])) {
      if (report.type !== undefined && report.type !== 'TEST') continue;
      const kind = suiteKindOf(reportGroupName(report.reportGroupArn) ?? report.name ?? '', projectName);
      for (const testCase of await this.#testCases(report.arn as string)) {
        const caseKind = kind ?? suiteKindOf(testCase.testSuiteName ?? testCase.prefix ?? '');
        if (caseKind !== undefined) suites[caseKind] = addCase(suites[caseKind], testCase.status);
      }
    }
    const component = projectName.startsWith(SIMULATION_PROJECT_PREFIX) ? projectName.slice(SIMULATION_PROJECT_PREFIX.length) : undefined;
    const benchmark = readBenchmark(build, await this.#benchmarkConfig(component));
    const durationSeconds = build.endTime === undefined || build.startTime === undefined
      ? 0
      : Math.max(0, Math.round((build.endTime.getTime() - build.startTime.getTime()) / 1000));

    let reason = info.reason;
    if (reason === undefined && Object.keys(suites).length === 0) {
      reason = (build.reportArns ?? []).length === 0
        ? 'the build produced no test reports; declare reports: in the buildspec, one report group per suite'
        : 'no test report named a suite; name each report group after its suite (unit, integration, performance, regression, compatibility, security)';
    }
    if (reason === undefined && !benchmark.ok) reason = benchmark.reason;
    return {
      status: reason === undefined ? 'PASSED' : 'FAILED',
      suites,
      ...(benchmark.ok && benchmark.benchmark !== undefined ? { benchmark: benchmark.benchmark } : {}),
      durationSeconds,
      ...(reason === undefined ? {} : { reason }),
      ...(info.logUrl === undefined ? {} : { logUrl: info.logUrl }),
    };
  }

  async #build(buildId: string): Promise<Build> {
    try {
      const out = await this.#client.send(new BatchGetBuildsCommand({ ids: [buildId] }));
      const build = out.builds?.[0];
      if (build === undefined) throw new NotFoundError(`build ${buildId} does not exist in CodeBuild`, { context: { buildId } });
      return build;
    } catch (error) {
      throw toAwsUpkeepError(error, `read build ${buildId}`, 'CodeBuild');
    }
  }

  async #reports(arns: readonly string[]): Promise<Report[]> {
    const reports: Report[] = [];
    for (const page of chunks(arns, PAGE)) {
      try {
        const out = await this.#client.send(new BatchGetReportsCommand({ reportArns: page }));
        reports.push(...(out.reports ?? []).filter((r) => r.arn !== undefined));
      } catch (error) {
        throw toAwsUpkeepError(error, `read ${page.length} test report(s)`, 'CodeBuild');
      }
    }
    return reports;
  }

  async #testCases(reportArn: string): Promise<{ testSuiteName?: string | undefined; prefix?: string | undefined; status?: string | undefined }[]> {
    const cases = [];
    let nextToken: string | undefined;
    do {
      try {
        const out = await this.#client.send(new DescribeTestCasesCommand({ reportArn, maxResults: PAGE, ...(nextToken === undefined ? {} : { nextToken }) }));
        cases.push(...(out.testCases ?? []));
        nextToken = out.nextToken;
      } catch (error) {
        throw toAwsUpkeepError(error, `read the test cases of report ${reportArn}`, 'CodeBuild');
      }
    } while (nextToken !== undefined && nextToken !== '');
    return cases;
  }

  async #benchmarkConfig(component: string | undefined) {
    if (this.#config === undefined || component === undefined) return undefined;
    const config = await this.#config.get();
    return config.components.find((c) => c.name === component)?.simulation?.benchmark;
  }
}
