import { InvokeCommand, LambdaClient, ResourceNotFoundException, type InvokeCommandInput } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { answerDetectorCall, type DetectorCall } from '../../../../functions/adapters/aws/detector-calls.js';
import { LambdaDetector } from '../../../../functions/adapters/aws/lambda-detector.js';
import { InProcessDetector } from '../../../../functions/app/in-process-detector.js';
import { NotFoundError, UpkeepError, ValidationError } from '../../../../functions/core/errors.js';
import { fakeAppDeps, seedComponents, type FakeAppDeps } from '../../../support/fakes/index.js';

const client = new LambdaClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const lambda = mockClient(client);
const functionName = 'upkeep-detect';
const OPS = 'ops@example.com';

let deps: FakeAppDeps;
const detector = new LambdaDetector({ functionName, client });
const callOf = (input: InvokeCommandInput): DetectorCall => JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)) as DetectorCall;

describe('Class: LambdaDetector', () => {
  beforeEach(async () => {
    lambda.reset();
    deps = fakeAppDeps();
    await seedComponents(deps);
    // The detect function, as deployed: it answers calls with detection over its own adapters.
    lambda.on(InvokeCommand).callsFake(async (input: InvokeCommandInput) => {
      const answer = await answerDetectorCall(new InProcessDetector(() => deps), callOf(input));
      return { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify(answer)) };
    });
  });

  describe('Method: check', () => {
    it('answers the detect function\'s results, as the pass in-process answers them', async () => {
      // Prepare
      deps.source.publish('api', [{ version: '1.4.0' }, { version: '1.5.0' }]);

      // Act
      const results = await detector.check({ startWorkflows: true, only: ['api'] });

      // Assess
      const [wf] = deps.workflows.all();
      expect(results).toEqual([expect.objectContaining({ component: 'api', availableVersion: '1.5.0', updateType: 'minor', started: true, workflowId: wf?.id, error: null })]);
      expect(callOf(lambda.commandCalls(InvokeCommand)[0]!.args[0].input)).toEqual({ check: { startWorkflows: true, only: ['api'] } });
      expect(lambda.commandCalls(InvokeCommand)[0]!.args[0].input.FunctionName).toBe(functionName);
      expect(await new InProcessDetector(() => deps).check({ startWorkflows: false })).toEqual([expect.objectContaining({ availableVersion: '1.5.0', error: null })]);
    });

    it('fails as a NotFoundError when the detect function is not there', async () => {
      lambda.on(InvokeCommand).rejects(new ResourceNotFoundException({ message: 'Function not found: upkeep-detect', $metadata: {} }));
      await expect(detector.check({ startWorkflows: false })).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('Method: propose', () => {
    it('answers 201 with the workflow it created, and 200 with the same one when asked again', async () => {
      // Act
      const first = await detector.propose({ component: 'api', version: '2.0.0', reason: 'hotfix' }, OPS);
      const again = await detector.propose({ component: 'api', version: '2.0.0' }, OPS);

      // Assess
      expect(first).toMatchObject({ status: 201, result: { created: true, started: true, workflow: { component: 'api', version: '2.0.0' } } });
      expect(again).toMatchObject({ status: 200, result: { created: false, workflow: { id: first.result.workflow.id } } });
      expect(deps.workflows.all()).toMatchObject([{ requestedBy: OPS }]);
    });

    it('throws what processUpdate throws: the name for the HTTP status, and a ValidationError\'s problems', async () => {
      // Act
      const unknown = detector.propose({ component: 'nope', version: '1.0.0' }, OPS);
      const older = detector.propose({ component: 'api', version: '1.0.0' }, OPS);

      // Assess
      await expect(unknown).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(unknown).rejects.toBeInstanceOf(UpkeepError);
      await expect(older).rejects.toBeInstanceOf(ValidationError);
      await expect(older).rejects.toMatchObject({ problems: [{ path: 'version', value: '1.0.0', message: expect.stringContaining('is not newer than the running 1.4.0') as unknown }] });
    });

    it('reports an error the detect function did not expect under the name Lambda gives it', async () => {
      // Prepare
      lambda.on(InvokeCommand).callsFake(() => ({ StatusCode: 200, FunctionError: 'Unhandled', Payload: new TextEncoder().encode(JSON.stringify({ errorType: 'TypeError', errorMessage: 'x is undefined' })) }));

      // Act
      const proposal = detector.propose({ component: 'api', version: '2.0.0' }, OPS);

      // Assess
      await expect(proposal).rejects.toMatchObject({ name: 'TypeError', message: `propose api 2.0.0: function ${functionName} failed: x is undefined` });
    });
  });
});
