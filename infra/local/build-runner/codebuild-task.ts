/**
 * The local handler for `arn:aws:states:::codebuild:startBuild.sync`: starts a build on the
 * local runner, waits for it, and answers as the Step Functions integration does — the build
 * (`{ Build: { Id, BuildStatus, … } }`) on success, `States.TaskFailed` with the build as JSON
 * for its cause otherwise.
 */
import { SIMULATION_PROJECT_PREFIX } from '../../../functions/constants.js';
import type { TaskHandler, TaskHandlerContext } from '../asl/types.js';
import type { BuildRecord } from './build-store.js';
import { BuildTaskFailedError, CodeBuildInvalidInputError } from './errors.js';
import type { LocalBuildRunner } from './local-build-runner.js';

/** The Task resource this handler stands in for. */
export const START_BUILD_SYNC = 'arn:aws:states:::codebuild:startBuild.sync';

/** One entry of `EnvironmentVariablesOverride`. */
interface EnvironmentVariable {
  readonly Name: string;
  readonly Value: string;
  readonly Type?: 'PLAINTEXT' | 'SECRETS_MANAGER' | 'PARAMETER_STORE';
}

/**
 * A Task handler for {@link START_BUILD_SYNC}. It reads the Task's `Parameters`: `ProjectName`,
 * `BuildspecOverride` (a path in the source or inline YAML; empty: the source's
 * `buildspec.yml`), `EnvironmentVariablesOverride` (`PLAINTEXT` values as they are,
 * `SECRETS_MANAGER`/`PARAMETER_STORE` values are secret names), `SourceVersion` and
 * `TimeoutInMinutesOverride`. The component is `UPKEEP_COMPONENT` (else `ProjectName` without
 * the `upkeep-sim-` prefix); the candidate is `SourceVersion`, else `UPKEEP_CANDIDATE_VERSION`.
 * When the task times out or the execution stops, the build is stopped.
 *
 * @example
 * ```ts
 * const machine = await LocalStateMachine.fromFile('statemachines/update-workflow.asl.json', {
 *   name: 'upkeep-update',
 *   handlers: { functions, resources: { [START_BUILD_SYNC]: startBuildSyncHandler(runner) } },
 * });
 * ```
 */
export function startBuildSyncHandler(runner: LocalBuildRunner): TaskHandler {
  return async (input: unknown, context: TaskHandlerContext) => {
    const params = (input ?? {}) as Record<string, unknown>;
    const projectName = params.ProjectName;
    if (typeof projectName !== 'string' || projectName === '') throw invalid('ProjectName', projectName, 'a project name such as "upkeep-sim-api"');
    const variables: Record<string, string> = {};
    const secretVariables: Record<string, string> = {};
    for (const variable of environmentOverride(params.EnvironmentVariablesOverride)) {
      if ((variable.Type ?? 'PLAINTEXT') === 'PLAINTEXT') variables[variable.Name] = variable.Value;
      else secretVariables[variable.Name] = variable.Value;
    }
    const component = variables.UPKEEP_COMPONENT ?? projectName.replace(new RegExp(`^${SIMULATION_PROJECT_PREFIX}`), '');
    const candidate = typeof params.SourceVersion === 'string' ? params.SourceVersion : variables.UPKEEP_CANDIDATE_VERSION;
    if (candidate === undefined || candidate === '') throw invalid('SourceVersion', params.SourceVersion, 'the version to build, or an UPKEEP_CANDIDATE_VERSION variable');
    const buildspec = params.BuildspecOverride;
    if (buildspec !== undefined && typeof buildspec !== 'string') throw invalid('BuildspecOverride', buildspec, 'a path in the source or buildspec YAML');
    const minutes = params.TimeoutInMinutesOverride;
    if (minutes !== undefined && (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 5 || minutes > 2160)) {
      throw invalid('TimeoutInMinutesOverride', minutes, 'a whole number of minutes from 5 to 2160');
    }
    const started = await runner.start({
      projectName, component, candidateVersion: candidate,
      workflowId: variables.UPKEEP_WORKFLOW_ID ?? '', currentVersion: variables.UPKEEP_CURRENT_VERSION ?? '',
      buildspec: buildspec ?? '', variables, secretVariables,
      ...(minutes === undefined ? {} : { timeoutSeconds: minutes * 60 }),
    });
    const build = await runner.wait(started.id, context.signal);
    const shaped = { Build: codeBuildShape(build) };
    if (build.status !== 'SUCCEEDED') throw new BuildTaskFailedError(shaped);
    return shaped;
  };
}

/**
 * A build as CodeBuild's `BatchGetBuilds` (and so the `.sync` integration) shows it; times are
 * epoch milliseconds as Step Functions renders them.
 */
export function codeBuildShape(build: BuildRecord): Record<string, unknown> {
  const ms = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso));
  return {
    Id: build.id,
    Arn: `arn:aws:codebuild:local:000000000000:build/${build.id}`,
    ProjectName: build.project,
    BuildStatus: build.status,
    BuildComplete: build.status !== 'IN_PROGRESS',
    CurrentPhase: build.status === 'IN_PROGRESS' ? 'BUILD' : 'COMPLETED',
    StartTime: ms(build.startedAt),
    EndTime: ms(build.endedAt),
    SourceVersion: build.sourceVersion,
    ResolvedSourceVersion: build.resolvedSourceVersion,
    TimeoutInMinutes: Math.ceil(build.timeoutSeconds / 60),
    Initiator: 'upkeep-local',
    Logs: { DeepLink: build.logUrl },
    Phases: build.phases.map((p) => ({
      PhaseType: p.phaseType,
      PhaseStatus: p.phaseStatus,
      StartTime: ms(p.startTime),
      EndTime: ms(p.endTime),
      DurationInSeconds: p.durationInSeconds,
      ...(p.message === undefined ? {} : { Contexts: [{ StatusCode: 'COMMAND_EXECUTION_ERROR', Message: p.message }] }),
    })),
    ...(build.reason === undefined ? {} : { StatusReason: build.reason }),
  };
}

function environmentOverride(value: unknown): EnvironmentVariable[] {
  if (value === undefined) return [];
  const ok = Array.isArray(value) && value.every((v: unknown) => {
    const e = v as Partial<EnvironmentVariable> | null;
    return typeof e?.Name === 'string' && typeof e.Value === 'string' && (e.Type === undefined || ['PLAINTEXT', 'SECRETS_MANAGER', 'PARAMETER_STORE'].includes(e.Type));
  });
  if (!ok) throw invalid('EnvironmentVariablesOverride', value, 'a list of { Name, Value, Type: PLAINTEXT | SECRETS_MANAGER | PARAMETER_STORE }');
  return value as EnvironmentVariable[];
}

function invalid(field: string, value: unknown, want: string): CodeBuildInvalidInputError {
  return new CodeBuildInvalidInputError(`${field} must be ${want}, got ${JSON.stringify(value ?? null)}`, [
    { path: field, value: JSON.stringify(value ?? null), message: `must be ${want}` },
  ]);
}
