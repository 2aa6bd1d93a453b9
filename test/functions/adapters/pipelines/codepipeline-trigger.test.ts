import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  ListActionExecutionsCommand,
  PipelineExecutionNotStoppableException,
  PipelineNotFoundException,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  ValidationException,
} from '@aws-sdk/client-codepipeline';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CodepipelineTrigger, type CodepipelinePipeline } from '../../../../functions/adapters/pipelines/codepipeline-trigger.js';
import { ForbiddenError, NotFoundError, TransientError, ValidationError } from '../../../../functions/core/errors.js';

const client = new CodePipelineClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });
const cp = mockClient(client);
beforeEach(() => {
  cp.reset();
});

const WF = '2e4f6a8c-0b1d-4e3f-9a5b-7c9d1e3f5a7b';
const config: CodepipelinePipeline = { provider: 'codepipeline', name: 'api-deploy', variables: { stage: 'prod', note: '{checksum}' }, timeout: '1h' };
const trigger = (): CodepipelineTrigger => new CodepipelineTrigger(config, { client });

function awsError<T extends Error>(ErrorClass: new (opts: { message: string; $metadata: object }) => T, message = 'boom'): T {
  return new ErrorClass({ message, $metadata: {} });
}

describe('Class: CodepipelineTrigger', () => {
  describe('Method: start', () => {
    it('starts an execution with the run variables and an idempotency token from the workflow id', async () => {
      // Prepare
      cp.on(StartPipelineExecutionCommand).resolves({ pipelineExecutionId: 'exec-1' });

      // Act
      const run = await trigger().start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      expect(run).toEqual({
        provider: 'codepipeline', runId: 'exec-1', status: 'QUEUED',
        url: 'https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/api-deploy/executions/exec-1/timeline?region=eu-west-1',
      });
      // No checksum: neither the variable nor the configured value that would be empty is sent.
      expect(cp.commandCalls(StartPipelineExecutionCommand)[0]?.args[0].input).toEqual({
        name: 'api-deploy', clientRequestToken: `upkeep-${WF}`,
        variables: [{ name: 'component', value: 'api' }, { name: 'version', value: '1.2.4' }, { name: 'stage', value: 'prod' }, { name: 'upkeep_run_id', value: WF }],
      });
    });

    it('names the pipeline in a NotFoundError when it does not exist', async () => {
      // Prepare
      cp.on(StartPipelineExecutionCommand).rejects(awsError(PipelineNotFoundException));

      // Act
      const started = trigger().start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      await expect(started).rejects.toBeInstanceOf(NotFoundError);
      await expect(started).rejects.toThrow(/pipeline "api-deploy"/);
    });

    it('translates access, validation and throttling errors', async () => {
      // Prepare
      const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
      const throttled = Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
      cp.on(StartPipelineExecutionCommand)
        .rejectsOnce(denied)
        .rejectsOnce(awsError(ValidationException, 'variable stage is not declared'))
        .rejectsOnce(throttled);
      const request = { workflowId: WF, component: 'api', version: '1.2.4' };

      // Act
      const outcomes = [await trigger().start(request).catch((e: unknown) => e), await trigger().start(request).catch((e: unknown) => e), await trigger().start(request).catch((e: unknown) => e)];

      // Assess
      expect(outcomes[0]).toBeInstanceOf(ForbiddenError);
      expect(outcomes[1]).toBeInstanceOf(ValidationError);
      expect(String(outcomes[1])).toMatch(/variable stage is not declared/);
      expect(outcomes[2]).toBeInstanceOf(TransientError);
    });
  });

  describe('Method: status', () => {
    it('follows an execution to success and lists its output artifacts across pages', async () => {
      // Prepare
      cp.on(GetPipelineExecutionCommand)
        .resolvesOnce({ pipelineExecution: { pipelineExecutionId: 'exec-1', status: 'InProgress' } })
        .resolves({ pipelineExecution: { pipelineExecutionId: 'exec-1', status: 'Succeeded' } });
      cp.on(ListActionExecutionsCommand)
        .resolvesOnce({
          actionExecutionDetails: [{ output: { outputArtifacts: [{ name: 'SourceArtifact', s3location: { bucket: 'artifacts', key: 'api-deploy/Source/a.zip' } }] } }],
          nextToken: 'page-2',
        })
        .resolves({ actionExecutionDetails: [{ output: { outputArtifacts: [{ name: 'BuildArtifact', s3location: { bucket: 'artifacts', key: 'api-deploy/Build/b.zip' } }] } }, {}] });
      const pipeline = trigger();

      // Act
      const first = await pipeline.status('exec-1');
      const done = await pipeline.status('exec-1');

      // Assess
      expect(first.status).toBe('RUNNING');
      expect(done).toMatchObject({
        status: 'SUCCEEDED',
        artifacts: [{ name: 'SourceArtifact', url: 's3://artifacts/api-deploy/Source/a.zip' }, { name: 'BuildArtifact', url: 's3://artifacts/api-deploy/Build/b.zip' }],
      });
      expect(cp.commandCalls(ListActionExecutionsCommand)[1]?.args[0].input).toMatchObject({ pipelineName: 'api-deploy', filter: { pipelineExecutionId: 'exec-1' }, nextToken: 'page-2' });
    });

    it('reports a failed execution with its status summary, and a superseded one as cancelled', async () => {
      // Prepare
      cp.on(GetPipelineExecutionCommand)
        .resolvesOnce({ pipelineExecution: { status: 'Failed', statusSummary: 'Deploy action failed: health check' } })
        .resolvesOnce({ pipelineExecution: { status: 'Superseded' } });
      cp.on(ListActionExecutionsCommand).resolves({ actionExecutionDetails: [] });

      // Act
      const failed = await trigger().status('exec-2');
      const superseded = await trigger().status('exec-3');

      // Assess
      expect(failed).toMatchObject({ status: 'FAILED', reason: 'Deploy action failed: health check', artifacts: [] });
      expect(superseded).toMatchObject({ status: 'CANCELLED', reason: expect.stringMatching(/superseded/) });
    });
  });

  describe('Method: cancel', () => {
    it('stops the execution, and stopping a finished one changes nothing', async () => {
      // Prepare
      cp.on(StopPipelineExecutionCommand).resolvesOnce({ pipelineExecutionId: 'exec-1' }).rejects(awsError(PipelineExecutionNotStoppableException));

      // Act
      await trigger().cancel('exec-1');
      await trigger().cancel('exec-1');

      // Assess
      expect(cp.commandCalls(StopPipelineExecutionCommand)[0]?.args[0].input).toMatchObject({ pipelineName: 'api-deploy', pipelineExecutionId: 'exec-1', abandon: false });
      expect(cp.commandCalls(StopPipelineExecutionCommand)).toHaveLength(2);
    });
  });
});
