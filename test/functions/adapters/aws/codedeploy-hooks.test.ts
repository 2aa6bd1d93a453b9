import { CodeDeployClient, GetDeploymentCommand, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { hookOfFunction, runLifecycleHook } from '../../../../functions/adapters/aws/codedeploy-hooks.js';
import { DEFAULT_SMOKE_CASES, loadSmokeCases } from '../../../../functions/adapters/aws/lambda-smoke.js';
import { requireConfig } from '../../../../functions/core/config/parse.js';
import { ValidationError } from '../../../../functions/core/errors.js';

const region = { region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const codeDeployClient = new CodeDeployClient(region);
const lambdaClient = new LambdaClient(region);
const codeDeploy = mockClient(codeDeployClient);
const lambda = mockClient(lambdaClient);
const CONFIG = `
version: 1
components:
  - name: billing-api
    current: "4.2.1"
    source: { type: npm, package: billing-api }
    deploy:
      target: { type: lambda, functionName: billing-api, alias: live }
      smokeTest: smoke/billing-api.json
`;
const config = { get: () => Promise.resolve(requireConfig(CONFIG, 'upkeep.yaml')) };
const appSpec = JSON.stringify({ version: 0, Resources: [{ billingapi: { Type: 'AWS::Lambda::Function', Properties: { Name: 'billing-api', Alias: 'live', CurrentVersion: '6', TargetVersion: '7' } } }] });
const cases = [{ name: 'health', payload: { rawPath: '/health' }, expect: { statusCode: 200, bodyIncludes: 'ok' } }];
const deps = { codeDeploy: codeDeployClient, lambda: lambdaClient, config, smokeCases: () => Promise.resolve(cases) };
const event = { DeploymentId: 'd-1', LifecycleEventHookExecutionId: 'hook-1' };
/** A Lambda response payload as the SDK hands it back. */
const payload = (text: string) => Object.assign(new TextEncoder().encode(text), { transformToString: () => text });

describe('Function: runLifecycleHook', () => {
  beforeEach(() => {
    codeDeploy.reset();
    lambda.reset();
    codeDeploy.on(GetDeploymentCommand).resolves({ deploymentInfo: { description: 'Upkeep billing-api 4.2.1 -> 4.3.0 (workflow wf-1)', revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec } } } });
    codeDeploy.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
  });

  it('invokes the candidate version with the smoke cases and reports Succeeded', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload('{"statusCode":200,"body":"ok"}') });

    const result = await runLifecycleHook(deps, event, 'BeforeAllowTraffic');

    expect(result).toMatchObject({ status: 'Succeeded', component: 'billing-api', version: '7' });
    expect(lambda.commandCalls(InvokeCommand)[0]!.args[0].input).toMatchObject({ FunctionName: 'billing-api', Qualifier: '7' });
    expect(codeDeploy.commandCalls(PutLifecycleEventHookExecutionStatusCommand)[0]!.args[0].input).toEqual({ deploymentId: 'd-1', lifecycleEventHookExecutionId: 'hook-1', status: 'Succeeded' });
  });

  it('reports Failed when a case gets the wrong answer, so CodeDeploy rolls back', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload('{"statusCode":502}') });

    const result = await runLifecycleHook(deps, event, 'AfterAllowTraffic');

    expect(result.status).toBe('Failed');
    expect(result.summary).toBe('post-traffic smoke test: 1 of 1 smoke case(s) failed on version 7: health: expected statusCode 200, got 502');
    expect(codeDeploy.commandCalls(PutLifecycleEventHookExecutionStatusCommand)[0]!.args[0].input.status).toBe('Failed');
  });

  it('reports Failed when the smoke test cannot run at all, rather than holding the deployment', async () => {
    lambda.on(InvokeCommand).rejects(Object.assign(new Error('no such version'), { name: 'ResourceNotFoundException' }));

    const result = await runLifecycleHook(deps, event, 'BeforeAllowTraffic');

    expect(result).toMatchObject({ status: 'Failed' });
    expect(result.summary).toMatch(/^the smoke test could not run/);
  });

  it('reports Failed for a deployment Upkeep did not start', async () => {
    codeDeploy.on(GetDeploymentCommand).resolves({ deploymentInfo: { description: 'by hand' } });

    expect((await runLifecycleHook(deps, event, 'BeforeAllowTraffic')).status).toBe('Failed');
  });
});

describe('Function: hookOfFunction', () => {
  it('reads the hook from the function name the stack gives it', () => {
    expect(hookOfFunction('upkeep-billing-api-pre-traffic')).toBe('BeforeAllowTraffic');
    expect(hookOfFunction('upkeep-billing-api-post-traffic')).toBe('AfterAllowTraffic');
    expect(() => hookOfFunction('upkeep-billing-api')).toThrow(ValidationError);
  });
});

describe('Function: loadSmokeCases', () => {
  it('reads the cases next to upkeep.yaml, and falls back to one empty invocation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'upkeep-smoke-'));
    await writeFile(join(dir, 'smoke.json'), JSON.stringify({ cases }));
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ cases: [] }));

    expect(await loadSmokeCases(join(dir, 'upkeep.yaml'), 'smoke.json')).toEqual(cases);
    expect(await loadSmokeCases(join(dir, 'upkeep.yaml'), undefined)).toBe(DEFAULT_SMOKE_CASES);
    await expect(loadSmokeCases(join(dir, 'upkeep.yaml'), 'bad.json')).rejects.toThrow(/must list at least one case/);
    await expect(loadSmokeCases(join(dir, 'upkeep.yaml'), 'missing.json')).rejects.toBeInstanceOf(ValidationError);
  });

  it('names every wrong field of a smoke-test file, and fills in the defaults of a right one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'upkeep-smoke-'));
    await writeFile(join(dir, 'wrong.json'), JSON.stringify({
      cases: [{ name: '', payload: {}, expect: { statusCode: 2.5, bodyIncludes: 3, status: 200 }, extra: 1 }, 'health', { name: 'x', expect: [] }],
      other: true,
    }));
    await writeFile(join(dir, 'bare.json'), JSON.stringify({ cases: [{ name: 'ping' }] }));
    await writeFile(join(dir, 'list.json'), '[]');

    const error = await loadSmokeCases(join(dir, 'upkeep.yaml'), 'wrong.json').catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(ValidationError);
    for (const problem of ['other is not a known field', 'cases.0.extra is not a known field', 'cases.0.name must be a non-empty string', 'cases.0.expect.statusCode must be a whole number',
      'cases.0.expect.bodyIncludes must be a string', 'cases.0.expect.status is not a known field', 'cases.1 must be an object', 'cases.2.expect must be an object']) {
      expect((error as Error).message).toContain(problem);
    }
    expect(await loadSmokeCases(join(dir, 'upkeep.yaml'), 'bare.json')).toEqual([{ name: 'ping', payload: {}, expect: {} }]);
    await expect(loadSmokeCases(join(dir, 'upkeep.yaml'), 'list.json')).rejects.toThrow(/\(file\) must be an object/);
  });
});
