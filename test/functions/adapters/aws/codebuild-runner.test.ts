import {
  BatchGetBuildsCommand, BatchGetReportsCommand, CodeBuildClient, DescribeTestCasesCommand, StartBuildCommand,
} from '@aws-sdk/client-codebuild';
import type { Build } from '@aws-sdk/client-codebuild';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { suiteKindOf } from '../../../../functions/adapters/aws/codebuild-reports.js';
import { CodeBuildRunner } from '../../../../functions/adapters/aws/codebuild-runner.js';
import { requireConfig } from '../../../../functions/core/config/parse.js';
import { NotFoundError, TransientError } from '../../../../functions/core/errors.js';

const client = new CodeBuildClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const codeBuild = mockClient(client);
const arn = (kind: 'report' | 'report-group', name: string): string => `arn:aws:codebuild:eu-west-1:123456789012:${kind}/${name}`;
const BUILD_ID = 'upkeep-sim-security-gateway:0b8c';

const build = (overrides: Partial<Build> = {}): Build => ({
  id: BUILD_ID,
  projectName: 'upkeep-sim-security-gateway',
  buildStatus: 'SUCCEEDED',
  startTime: new Date('2025-03-03T10:00:00Z'),
  endTime: new Date('2025-03-03T10:07:30Z'),
  logs: { deepLink: 'https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logEvent:group=/aws/codebuild/upkeep-sim-security-gateway' },
  reportArns: [arn('report', 'upkeep-sim-security-gateway-unit:1'), arn('report', 'upkeep-sim-security-gateway-integration-tests:1')],
  ...overrides,
});

const report = (group: string) => ({
  arn: arn('report', `upkeep-sim-security-gateway-${group}:1`), type: 'TEST' as const, name: `upkeep-sim-security-gateway-${group}`,
  reportGroupArn: arn('report-group', `upkeep-sim-security-gateway-${group}`),
});
const cases = (statuses: string[]) => statuses.map((status, i) => ({ name: `case ${i}`, status }));

describe('Class: CodeBuildRunner', () => {
  beforeEach(() => {
    codeBuild.reset();
  });

  describe('Method: results', () => {
    it('counts each report group towards its suite, reading every page of test cases', async () => {
      // Prepare: the component's own name contains "security"; its reports must not all count as security.
      codeBuild.on(BatchGetBuildsCommand).resolves({ builds: [build()] });
      codeBuild.on(BatchGetReportsCommand).resolves({ reports: [report('unit'), report('integration-tests')] });
      codeBuild.on(DescribeTestCasesCommand, { reportArn: report('unit').arn })
        .resolvesOnce({ testCases: cases(['SUCCEEDED', 'SUCCEEDED']), nextToken: 'p2' })
        .resolvesOnce({ testCases: cases(['SUCCEEDED', 'FAILED', 'SKIPPED']) });
      codeBuild.on(DescribeTestCasesCommand, { reportArn: report('integration-tests').arn }).resolves({ testCases: cases(['SUCCEEDED', 'ERROR']) });

      // Act
      const result = await new CodeBuildRunner({ client }).results(BUILD_ID);

      // Assess
      expect(result).toEqual({
        status: 'PASSED',
        suites: { unit: { run: 4, passed: 3, failed: 1, skipped: 1 }, integration: { run: 2, passed: 1, failed: 1, skipped: 0 } },
        durationSeconds: 450,
        logUrl: build().logs!.deepLink,
      });
      const unitCalls = codeBuild.commandCalls(DescribeTestCasesCommand).filter((c) => c.args[0].input.reportArn === report('unit').arn);
      expect(unitCalls.map((c) => c.args[0].input.nextToken)).toEqual([undefined, 'p2']);
    });

    it('sorts the cases of a report named after no suite by their suite names', async () => {
      codeBuild.on(BatchGetBuildsCommand).resolves({ builds: [build({ reportArns: [report('junit-all').arn] })] });
      codeBuild.on(BatchGetReportsCommand).resolves({ reports: [report('junit-all')] });
      codeBuild.on(DescribeTestCasesCommand).resolves({
        testCases: [{ status: 'SUCCEEDED', testSuiteName: 'Security checks' }, { status: 'SUCCEEDED', testSuiteName: 'regression: invoices' }, { status: 'SUCCEEDED', testSuiteName: 'misc' }],
      });

      const result = await new CodeBuildRunner({ client }).results(BUILD_ID);

      expect(result.suites).toEqual({ security: { run: 1, passed: 1, failed: 0, skipped: 0 }, regression: { run: 1, passed: 1, failed: 0, skipped: 0 } });
    });

    it('fails a build that produced no test reports, saying how to add them', async () => {
      codeBuild.on(BatchGetBuildsCommand).resolves({ builds: [build({ reportArns: [] })] });

      const result = await new CodeBuildRunner({ client }).results(BUILD_ID);

      expect(result).toMatchObject({ status: 'FAILED', suites: {}, reason: expect.stringMatching(/no test reports/) });
    });

    it('fails a failed build with its failing phase, keeping the suites it reported', async () => {
      codeBuild.on(BatchGetBuildsCommand).resolves({
        builds: [build({ buildStatus: 'FAILED', reportArns: [report('unit').arn], phases: [{ phaseType: 'INSTALL', phaseStatus: 'SUCCEEDED' }, { phaseType: 'BUILD', phaseStatus: 'FAILED', contexts: [{ statusCode: 'COMMAND_EXECUTION_ERROR', message: 'Error while executing command: npm test. Reason: exit status 1' }] }] })],
      });
      codeBuild.on(BatchGetReportsCommand).resolves({ reports: [report('unit')] });
      codeBuild.on(DescribeTestCasesCommand).resolves({ testCases: cases(['FAILED']) });

      const result = await new CodeBuildRunner({ client }).results(BUILD_ID);

      expect(result).toMatchObject({ status: 'FAILED', suites: { unit: { run: 1, failed: 1 } }, reason: 'phase BUILD FAILED: Error while executing command: npm test. Reason: exit status 1' });
    });

    it('reads the benchmark from the exported UPKEEP_BENCHMARK, filling metric and unit from the config', async () => {
      const yaml = 'version: 1\ncomponents:\n  - name: security-gateway\n    current: "1.0.0"\n    source: { type: npm, package: gw }\n    simulation:\n      buildspec: buildspec.yml\n      benchmark: { metric: p99-latency, unit: ms }\n';
      const config = { get: () => Promise.resolve(requireConfig(yaml, 'upkeep.yaml')) };
      codeBuild.on(BatchGetBuildsCommand).resolves({
        builds: [build({ reportArns: [report('unit').arn], exportedEnvironmentVariables: [{ name: 'UPKEEP_BENCHMARK', value: '{"baseline": 120, "candidate": 112.5}' }] })],
      });
      codeBuild.on(BatchGetReportsCommand).resolves({ reports: [report('unit')] });
      codeBuild.on(DescribeTestCasesCommand).resolves({ testCases: cases(['SUCCEEDED']) });

      const result = await new CodeBuildRunner({ client, config }).results(BUILD_ID);

      expect(result.status).toBe('PASSED');
      expect(result.benchmark).toEqual({ metric: 'p99-latency', unit: 'ms', baseline: 120, candidate: 112.5, higherIsBetter: false });
    });

    it('fails when the configured benchmark was not exported, or is not JSON', async () => {
      const yaml = 'version: 1\ncomponents:\n  - name: security-gateway\n    current: "1.0.0"\n    source: { type: npm, package: gw }\n    simulation:\n      buildspec: buildspec.yml\n      benchmark: { metric: rps, unit: req/s, higherIsBetter: true }\n';
      const config = { get: () => Promise.resolve(requireConfig(yaml, 'upkeep.yaml')) };
      codeBuild.on(BatchGetBuildsCommand)
        .resolvesOnce({ builds: [build({ reportArns: [report('unit').arn] })] })
        .resolvesOnce({ builds: [build({ reportArns: [report('unit').arn], exportedEnvironmentVariables: [{ name: 'UPKEEP_BENCHMARK', value: 'fast' }] })] });
      codeBuild.on(BatchGetReportsCommand).resolves({ reports: [report('unit')] });
      codeBuild.on(DescribeTestCasesCommand).resolves({ testCases: cases(['SUCCEEDED']) });
      const runner = new CodeBuildRunner({ client, config });

      await expect(runner.results(BUILD_ID)).resolves.toMatchObject({ status: 'FAILED', reason: expect.stringMatching(/exported-variables/) });
      await expect(runner.results(BUILD_ID)).resolves.toMatchObject({ status: 'FAILED', reason: expect.stringMatching(/not JSON/) });
    });

    it('names a build CodeBuild does not know', async () => {
      codeBuild.on(BatchGetBuildsCommand).resolves({ builds: [], buildsNotFound: [BUILD_ID] });

      await expect(new CodeBuildRunner({ client }).results(BUILD_ID)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('surfaces throttling of test-case reads as a TransientError', async () => {
      codeBuild.on(BatchGetBuildsCommand).resolves({ builds: [build({ reportArns: [report('unit').arn] })] });
      codeBuild.on(BatchGetReportsCommand).resolves({ reports: [report('unit')] });
      codeBuild.on(DescribeTestCasesCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

      await expect(new CodeBuildRunner({ client }).results(BUILD_ID)).rejects.toBeInstanceOf(TransientError);
    });
  });

  describe('Method: start', () => {
    it('starts the component\'s project with the buildspec, variables and time limit overridden', async () => {
      codeBuild.on(StartBuildCommand).resolves({ build: build({ buildStatus: 'IN_PROGRESS', endTime: undefined }) });

      const info = await new CodeBuildRunner({ client }).start({
        workflowId: 'wf-1', component: 'security-gateway', candidateVersion: '1.1.0', currentVersion: '1.0.0', buildspec: 'version: 0.2\n', timeoutSeconds: 1_230, variables: { NODE_ENV: 'test' },
      });

      expect(info).toMatchObject({ id: BUILD_ID, status: 'IN_PROGRESS', startedAt: '2025-03-03T10:00:00.000Z' });
      const input = codeBuild.commandCalls(StartBuildCommand)[0]!.args[0].input;
      expect(input).toMatchObject({ projectName: 'upkeep-sim-security-gateway', buildspecOverride: 'version: 0.2\n', timeoutInMinutesOverride: 21 });
      expect(input.environmentVariablesOverride).toEqual(expect.arrayContaining([
        { name: 'NODE_ENV', value: 'test', type: 'PLAINTEXT' }, { name: 'UPKEEP_CANDIDATE_VERSION', value: '1.1.0', type: 'PLAINTEXT' },
      ]));
    });
  });
});

describe('Function: suiteKindOf', () => {
  it.each([
    ['upkeep-sim-api-unit', 'unit'],
    ['upkeep-sim-api-integration-tests', 'integration'],
    ['upkeep-sim-api-perf', undefined],
    ['upkeep-sim-api-security-scan', 'security'],
    ['upkeep-sim-api-compatibility-and-unit', 'compatibility'],
    ['upkeep-sim-api-junit', undefined],
    ['upkeep-sim-api-UnitTests', 'unit'],
  ])('maps %s to %s', (name, kind) => {
    expect(suiteKindOf(name, 'upkeep-sim-api')).toBe(kind);
  });
});
