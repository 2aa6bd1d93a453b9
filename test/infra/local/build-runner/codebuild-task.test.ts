import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStateMachine } from '../../../../infra/local/asl/index.js';
import type { JsonObject, TaskHandlerContext } from '../../../../infra/local/asl/index.js';
import { LocalBuildRunner, START_BUILD_SYNC, startBuildSyncHandler } from '../../../../infra/local/build-runner/index.js';
import { FakeSecrets } from '../../../support/fake-secrets.js';
import { buildspec, createRepo, gitSource, passingSpec } from './helpers.js';

let root: string;
let runner: LocalBuildRunner;

const PASSING = passingSpec(['[ "$TOKEN" = tok-value ] && echo "building $UPKEEP_CANDIDATE_VERSION for $UPKEEP_WORKFLOW_ID"']);
const FAILING = buildspec({ phases: { build: { commands: ['exit 7'] } } });

/** The `Simulate` state of statemachines/update-workflow.asl.json, cut down to what this handler decides. */
const SIMULATE = {
  StartAt: 'Simulate',
  States: {
    Simulate: {
      Type: 'Task',
      Resource: START_BUILD_SYNC,
      Parameters: {
        'ProjectName.$': '$.plan.simulationProject',
        'BuildspecOverride.$': '$.plan.buildspec',
        EnvironmentVariablesOverride: [
          { Name: 'UPKEEP_WORKFLOW_ID', Type: 'PLAINTEXT', 'Value.$': '$.workflowId' },
          { Name: 'UPKEEP_COMPONENT', Type: 'PLAINTEXT', 'Value.$': '$.component' },
          { Name: 'UPKEEP_CANDIDATE_VERSION', Type: 'PLAINTEXT', 'Value.$': '$.version' },
          { Name: 'UPKEEP_CURRENT_VERSION', Type: 'PLAINTEXT', 'Value.$': '$.plan.fromVersion' },
          { Name: 'TOKEN', Type: 'SECRETS_MANAGER', Value: 'build-token' },
        ],
      },
      ResultSelector: { 'buildId.$': '$.Build.Id', 'buildStatus.$': '$.Build.BuildStatus' },
      ResultPath: '$.build',
      TimeoutSeconds: 60,
      Catch: [{ ErrorEquals: ['States.TaskFailed', 'States.Timeout'], ResultPath: '$.buildError', Next: 'Failed simulation' }],
      Next: 'Passed simulation',
    },
    'Passed simulation': { Type: 'Pass', End: true },
    'Failed simulation': { Type: 'Pass', End: true },
  },
};

const input = (spec: string): JsonObject => ({
  workflowId: 'wf-42', component: 'api', version: 'v1.1.0', plan: { simulationProject: 'upkeep-sim-api', buildspec: spec, fromVersion: 'v1.0.0' },
});
const context = (): TaskHandlerContext => ({ executionArn: 'arn:local', stateName: 'Simulate', resource: START_BUILD_SYNC, signal: new AbortController().signal, heartbeat: () => undefined });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'upkeep-build-task-'));
  const url = await createRepo(root, 'api', [{ tag: 'v1.0.0', files: {} }, { tag: 'v1.1.0', files: {} }]);
  runner = new LocalBuildRunner({ dataDir: join(root, 'data'), secrets: new FakeSecrets({ 'build-token': 'tok-value' }), projects: () => Promise.resolve({ source: gitSource(url) }) });
});
afterAll(async () => {
  await runner.close();
  await rm(root, { recursive: true, force: true });
});

describe('Function: startBuildSyncHandler', () => {
  it('answers a passing build with { Build: { Id, BuildStatus: SUCCEEDED } }', async () => {
    // Act
    const output = (await startBuildSyncHandler(runner)({
      ProjectName: 'upkeep-sim-api', BuildspecOverride: PASSING,
      EnvironmentVariablesOverride: [{ Name: 'UPKEEP_CANDIDATE_VERSION', Value: 'v1.1.0', Type: 'PLAINTEXT' }, { Name: 'TOKEN', Value: 'build-token', Type: 'SECRETS_MANAGER' }],
    }, context())) as { Build: Record<string, unknown> };

    // Assess
    expect(output.Build).toMatchObject({ BuildStatus: 'SUCCEEDED', ProjectName: 'upkeep-sim-api', SourceVersion: 'v1.1.0', CurrentPhase: 'COMPLETED', BuildComplete: true });
    expect(output.Build.Id).toMatch(/^upkeep-sim-api:[0-9a-f-]{36}$/);
    expect((await runner.results(output.Build.Id as string)).status).toBe('PASSED');
  });

  it('fails a failed build with States.TaskFailed and the build as JSON in the message', async () => {
    // Act
    const error = await Promise.resolve(startBuildSyncHandler(runner)({
      ProjectName: 'upkeep-sim-api', BuildspecOverride: FAILING, EnvironmentVariablesOverride: [{ Name: 'UPKEEP_CANDIDATE_VERSION', Value: 'v1.1.0', Type: 'PLAINTEXT' }],
    }, context())).catch((e: unknown) => e as Error);

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('States.TaskFailed');
    const cause = JSON.parse((error as Error).message) as { Build: Record<string, unknown> };
    expect(cause.Build).toMatchObject({ BuildStatus: 'FAILED', StatusReason: 'phase BUILD failed: command "exit 7" exited with code 7' });
    expect(cause.Build.Phases).toEqual([expect.objectContaining({ PhaseType: 'BUILD', PhaseStatus: 'FAILED' })]);
  });

  it('refuses parameters CodeBuild would refuse, by CodeBuild\'s exception name', async () => {
    // Act
    const error = await Promise.resolve(startBuildSyncHandler(runner)({ BuildspecOverride: PASSING }, context())).catch((e: unknown) => e as Error);

    // Assess
    expect((error as Error).name).toBe('CodeBuild.InvalidInputException');
    expect((error as Error).message).toBe('ProjectName must be a project name such as "upkeep-sim-api", got null');
  });

  describe('in the local state machine', () => {
    const machine = () => new LocalStateMachine(SIMULATE, { name: 'simulate', handlers: { resources: { [START_BUILD_SYNC]: startBuildSyncHandler(runner) } } });

    it('gives the Simulate state the build id and status through its ResultSelector', async () => {
      // Act
      const local = machine();
      const { executionArn } = await local.startExecution({ input: input(PASSING) });
      const done = await local.waitForExecution(executionArn);

      // Assess
      expect(done.status).toBe('SUCCEEDED');
      const output = done.output as { build: { buildId: string; buildStatus: string } };
      expect(output.build.buildStatus).toBe('SUCCEEDED');
      expect(await runner.logs(output.build.buildId)).toContain('building v1.1.0 for wf-42');
    });

    it('is caught as States.TaskFailed with the build as JSON in Cause, as in AWS', async () => {
      // Act
      const local = machine();
      const { executionArn } = await local.startExecution({ input: input(FAILING) });
      const done = await local.waitForExecution(executionArn);

      // Assess
      const { buildError } = done.output as { buildError: { Error: string; Cause: string } };
      expect(buildError.Error).toBe('States.TaskFailed');
      const cause = JSON.parse(buildError.Cause) as { Build: { Id: string; BuildStatus: string } };
      expect(cause.Build.BuildStatus).toBe('FAILED');
      expect((await runner.results(cause.Build.Id)).reason).toBe('phase BUILD failed: command "exit 7" exited with code 7');
    });
  });
});
