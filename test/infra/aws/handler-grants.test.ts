import { Stack } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_TYPES } from '../../../functions/adapters/sources/source-types.js';
import type { SourceType } from '../../../functions/core/config/source-schema.js';
import { HANDLERS, bundleDefines, type HandlerName, type Need } from '../../../infra/aws/handler-catalog.js';
import { needStatements, type GrantTargets } from '../../../infra/aws/handler-grants.js';
import { loadConfig, sourceSecrets } from '../../../infra/aws/stack-config.js';
import { commandReach, type CommandSite } from './sdk-calls.js';
import { ECS_CONTEXT, everythingConfig, list, resourcesOf, statementsOfRole, synth, type Statement, type Synthesized } from './synth.js';

/** The IAM prefix of each SDK package our adapters use. */
const PREFIX: Readonly<Record<string, string>> = {
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-codebuild': 'codebuild',
  '@aws-sdk/client-codedeploy': 'codedeploy',
  '@aws-sdk/client-codepipeline': 'codepipeline',
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/client-lambda': 'lambda',
  '@aws-sdk/client-scheduler': 'scheduler',
  '@aws-sdk/client-secrets-manager': 'secretsmanager',
  '@aws-sdk/client-sfn': 'states',
  '@aws-sdk/client-sns': 'sns',
};

/** `lib-dynamodb`'s document commands, by the DynamoDB operation each sends. */
const DOCUMENT_COMMANDS: Readonly<Record<string, string>> = {
  Get: 'GetItem', Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', Query: 'Query', Scan: 'Scan',
  BatchGet: 'BatchGetItem', BatchWrite: 'BatchWriteItem', TransactGet: 'TransactGetItems', TransactWrite: 'TransactWriteItems',
};

/** Commands whose IAM action is not named like the command. */
const RENAMED: Readonly<Record<string, string>> = { 'lambda:Invoke': 'lambda:InvokeFunction' };

/** What IAM checks besides the action itself when the call is made. */
const ALSO_CHECKED: Readonly<Record<string, readonly string[]>> = {
  // CreateDeployment registers the revision it is given and reads the configuration it names.
  'codedeploy:CreateDeployment': ['codedeploy:RegisterApplicationRevision', 'codedeploy:GetApplicationRevision', 'codedeploy:GetDeploymentConfig'],
  // The approval topic is encrypted with its own KMS key.
  'sns:Publish': ['kms:GenerateDataKey', 'kms:Decrypt'],
  // UpdateSchedule restates the schedule's target, and with it the role it runs with.
  'scheduler:UpdateSchedule': ['iam:PassRole'],
};

/** The IAM actions a call needs: its own and what IAM also checks for it. */
function actionsOf(site: CommandSite): string[] {
  if (site.pkg === '@aws-sdk/lib-dynamodb') {
    const operation = DOCUMENT_COMMANDS[site.command];
    if (operation === undefined) throw new Error(`${site.at}: map lib-dynamodb's ${site.command}Command to its DynamoDB operation in DOCUMENT_COMMANDS`);
    return [`dynamodb:${operation}`];
  }
  const prefix = PREFIX[site.pkg];
  if (prefix === undefined) throw new Error(`${site.at}: map ${site.pkg} to its IAM prefix in PREFIX`);
  const action = RENAMED[`${prefix}:${site.command}`] ?? `${prefix}:${site.command}`;
  return [action, ...(ALSO_CHECKED[action] ?? [])];
}

/** Our modules in a handler's bundle, as the stack bundles it (its unused ports, and other types' sources, defined away). */
async function bundledModules(handler: HandlerName, sourceType?: SourceType): Promise<Set<string>> {
  const result = await build({
    // Minified, as the stack bundles: the branches that would build an omitted port go, and with them
    // the modules only they import. Packages stay out, as the side-effect-free packages they are
    // (the SDK's say so): an import of one left unused must not keep its importer.
    entryPoints: [`functions/handlers/${handler}.ts`], bundle: true, write: false, platform: 'node', format: 'esm', metafile: true, logLevel: 'silent',
    minify: true, define: bundleDefines(handler, sourceType),
    plugins: [{ name: 'packages-external', setup: (b) => b.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true, sideEffects: false })) }],
  });
  const modules = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) if (bytesInOutput > 0) modules.add(file);
  }
  return modules;
}

/** Every IAM action a function's role grants (Allow), with the resources of each. */
function granted(statements: Statement[]): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const st of statements.filter((x) => x.Effect === 'Allow')) for (const action of list(st.Action)) out.set(action, [...(out.get(action) ?? []), ...list(st.Resource)]);
  return out;
}

function roleStatements(s: Synthesized, fn: IFunction): Statement[] {
  const id = s.stack.getLogicalId(fn.node.defaultChild as never);
  const props = resourcesOf(s.template, 'AWS::Lambda::Function')[id]!.Properties;
  return statementsOfRole(s, ((props.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'])[0]!);
}

describe('Module: handler-grants', () => {
  const handlers = Object.keys(HANDLERS) as HandlerName[];
  /** The IAM actions each handler's code can need, from the SDK calls it reaches and bundles (`list-versions` with every source). */
  const needed = new Map<HandlerName, Map<string, string[]>>();
  /** The same for each source type's `list-versions` bundle. */
  const neededBySource = new Map<SourceType, Map<string, string[]>>();
  let sites: CommandSite[] = [];

  beforeAll(async () => {
    const analysis = commandReach();
    sites = analysis.sites;
    const actionsOfBundle = async (handler: HandlerName, sourceType?: SourceType): Promise<Map<string, string[]>> => {
      const modules = await bundledModules(handler, sourceType);
      const actions = new Map<string, string[]>();
      for (const site of sites) {
        const file = site.at.split(':')[0]!;
        if (!modules.has(file) || !analysis.reach.get(site)!.has(`functions/handlers/${handler}.ts`)) continue;
        // Through the modules the bundle carries only: a port's other adapters cannot run in it.
        if (!analysis.reachWithin(site, modules).has(`functions/handlers/${handler}.ts`)) continue;
        for (const action of actionsOf(site)) actions.set(action, [...(actions.get(action) ?? []), site.at]);
      }
      return actions;
    };
    for (const handler of handlers) needed.set(handler, await actionsOfBundle(handler));
    for (const type of SOURCE_TYPES) neededBySource.set(type, await actionsOfBundle('list-versions', type));
  }, 180_000);

  it('finds the SDK calls in the adapters, each mapped to an IAM action', () => {
    expect(sites.length).toBeGreaterThan(30);
    for (const site of sites) expect(() => actionsOf(site), site.at).not.toThrow();
    // The analysis sees through the ports: a rollout step reaches the stepped deployer's alias write.
    expect([...needed.get('start-rollout')!.keys()]).toEqual(expect.arrayContaining(['lambda:UpdateAlias', 'lambda:InvokeFunction', 'cloudwatch:GetMetricData', 'codedeploy:CreateDeployment', 'dynamodb:PutItem']));
    expect([...needed.get('api-components')!.keys()]).toContain('dynamodb:DeleteItem');
    expect([...needed.get('check-health')!.keys()].filter((a) => !a.startsWith('dynamodb:'))).toEqual(['cloudwatch:DescribeAlarms']);
    // Through the detector port: the detect function lists and starts; the webhook only asks it, and writes nothing itself.
    expect([...needed.get('detect')!.keys()]).toEqual(expect.arrayContaining(['lambda:InvokeFunction', 'states:StartExecution', 'dynamodb:PutItem']));
    expect([...needed.get('webhook')!.keys()].sort()).toEqual(['dynamodb:Query', 'lambda:InvokeFunction', 'secretsmanager:GetSecretValue']);
  });

  describe('with every feature configured', () => {
    const s = synth(everythingConfig(), { 'upkeep:ecs': ECS_CONTEXT });
    const config = loadConfig(everythingConfig());
    /** Each deployed function: its label, and the actions its bundle can call. */
    const deployed = (): [string, IFunction, Map<string, string[]>][] => [
      ...(Object.entries(s.stack.functions) as [HandlerName, { function: IFunction }][]).map(([h, f]): [string, IFunction, Map<string, string[]>] => [h, f.function, needed.get(h)!]),
      ...[...s.stack.hooks.entries()].flatMap(([component, hooks]) => Object.entries(hooks.functions).map(([hook, f]): [string, IFunction, Map<string, string[]>] => [`${component} ${hook}`, f.function, needed.get('lifecycle-hook')!])),
      ...[...s.stack.sources.functions].map(([type, f]): [string, IFunction, Map<string, string[]>] => {
        // A source type none of whose configured components names a registry token has no token to read.
        const tokens = config.components.some((c) => c.source.type === type && sourceSecrets(c).length > 0);
        const actions = new Map([...neededBySource.get(type)!].filter(([action]) => tokens || action !== 'secretsmanager:GetSecretValue'));
        return [`list-versions ${type}`, f.function, actions];
      }),
    ];

    it('grants every function each action its code can call', () => {
      expect(deployed().length).toBe(Object.keys(s.stack.functions).length + 2 + SOURCE_TYPES.length);
      const missing = deployed().flatMap(([label, fn, actions]) => {
        const has = granted(roleStatements(s, fn));
        return [...actions].filter(([action]) => !has.has(action)).map(([action, at]) => `${label}: ${action} (${at.join(', ')})`);
      });
      expect(missing).toEqual([]);
    });

    it('bundles into each list-versions function its own source only, and grants it its own type\'s registry tokens only', () => {
      expect([...neededBySource.get('pypi')!.keys()]).not.toContain('secretsmanager:GetSecretValue');
      expect([...neededBySource.get('npm')!.keys()]).toEqual(expect.arrayContaining(['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'secretsmanager:GetSecretValue']));
      const tokens = (type: SourceType): string => JSON.stringify(roleStatements(s, s.stack.sources.functions.get(type)!.function)
        .filter((st) => st.Effect === 'Allow' && list(st.Action).includes('secretsmanager:GetSecretValue')).flatMap((st) => list(st.Resource)));
      expect(tokens('npm')).toContain(':secret:upkeep/npm-token-??????');
      expect(tokens('npm')).not.toContain('maven-credentials');
      expect(tokens('maven')).toContain(':secret:upkeep/maven-credentials-??????');
      expect(tokens('git')).toBe('[]');
    });
  });

  describe('the rollout and API grants', () => {
    const full = synth(everythingConfig(), { 'upkeep:ecs': ECS_CONTEXT });
    const example = synth();
    const on = (x: Synthesized, handler: HandlerName, action: string): string =>
      JSON.stringify(roleStatements(x, x.stack.functions[handler].function).filter((st) => st.Effect === 'Allow' && list(st.Action).includes(action)).flatMap((st) => list(st.Resource)));

    it('lets the stepped rollout steps shift the alias, invoke its versions and read their metrics, for that component only', () => {
      for (const handler of ['start-rollout', 'check-rollout', 'roll-back'] as const) {
        expect(on(full, handler, 'lambda:UpdateAlias'), handler).toContain(':function:billing-api"');
        expect(on(full, handler, 'lambda:UpdateAlias'), handler).toContain(':function:billing-api:live"');
        expect(on(full, handler, 'lambda:InvokeFunction'), handler).toContain(':function:billing-api:*');
        expect(on(full, handler, 'lambda:InvokeFunction'), handler).not.toContain('-traffic');
        expect(on(full, handler, 'lambda:GetAlias'), handler).toContain(':function:billing-api:live');
        expect(on(full, handler, 'cloudwatch:GetMetricData'), handler).toBe('["*"]');
        expect(on(full, handler, 'cloudwatch:DescribeAlarms'), handler).toContain(':alarm:upkeep-billing-api-billing-errors');
      }
    });

    it('lets only the rollout step create deployments, only it and the rollback stop or redeploy, and the check read them', () => {
      const group = ':deploymentgroup:upkeep-billing-api/upkeep-billing-api';
      expect(on(full, 'start-rollout', 'codedeploy:CreateDeployment')).toContain(group);
      expect(on(full, 'roll-back', 'codedeploy:CreateDeployment')).toContain(group);
      expect(on(full, 'roll-back', 'codedeploy:StopDeployment')).toContain(group);
      expect(on(full, 'check-rollout', 'codedeploy:GetDeployment')).toContain(group);
      for (const action of ['codedeploy:CreateDeployment', 'codedeploy:StopDeployment', 'codedeploy:RegisterApplicationRevision', 'codedeploy:ListDeployments', 'lambda:ListVersionsByFunction']) {
        expect(on(full, 'check-rollout', action), action).toBe('[]');
      }
      expect(on(full, 'start-rollout', 'codedeploy:StopDeployment')).toBe('[]');
      for (const handler of ['start-rollout', 'roll-back'] as const) expect(on(full, handler, 'lambda:ListVersionsByFunction'), handler).toContain(':function:billing-api');
    });

    it('grants no stepped rollout rights when no component can roll out stepped', () => {
      for (const action of ['lambda:UpdateAlias', 'lambda:InvokeFunction', 'cloudwatch:GetMetricData']) expect(on(example, 'start-rollout', action), action).toBe('[]');
      expect(on(example, 'start-rollout', 'codedeploy:CreateDeployment')).toContain(':deploymentgroup:upkeep-billing-api/upkeep-billing-api');
    });

    it('lets the health check read the alarms, and nothing of the rollout itself', () => {
      const actions = roleStatements(full, full.stack.functions['check-health'].function).flatMap((st) => list(st.Action));
      expect(actions).toContain('cloudwatch:DescribeAlarms');
      expect(actions.filter((a) => a.startsWith('codedeploy:') || a.startsWith('lambda:'))).toEqual([]);
    });

    it('lets only the components API delete from the table (releasing a quarantined version retires its workflow key)', () => {
      const table = (x: Synthesized): string => x.stack.getLogicalId(x.stack.node.findChild('Table').node.findChild('Table').node.defaultChild as never);
      expect(JSON.parse(on(example, 'api-components', 'dynamodb:DeleteItem'))).toEqual([{ 'Fn::GetAtt': [table(example), 'Arn'] }]);
      for (const handler of Object.keys(example.stack.functions) as HandlerName[]) {
        if (handler !== 'api-components') expect(on(example, handler, 'dynamodb:DeleteItem'), handler).toBe('[]');
      }
    });

    it('lets status and metrics read the detection schedules, and only start/stop change them', () => {
      for (const handler of ['api-status', 'api-metrics', 'api-detection'] as const) expect(on(example, handler, 'scheduler:GetSchedule'), handler).toContain(':schedule/Upkeep-detection/Upkeep-detect-0');
      expect(on(example, 'api-status', 'scheduler:UpdateSchedule')).toBe('[]');
    });

    it('lets the version sources batch-read and batch-write their HTTP cache in the table, in their own functions only', () => {
      for (const [type, fn] of example.stack.sources.functions) {
        const statements = roleStatements(example, fn.function).filter((st) => st.Effect === 'Allow');
        for (const action of ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem']) {
          expect(JSON.stringify(statements.filter((st) => list(st.Action).includes(action)).flatMap((st) => list(st.Resource))), `${type} ${action}`).toContain('"Arn"');
        }
      }
      for (const handler of ['detect', 'api-check-updates', 'webhook', 'verify-artifact', 'trigger-pipeline'] as const) expect(on(example, handler, 'dynamodb:BatchWriteItem'), handler).toBe('[]');
    });

    it('lets the detector and the artifact check invoke the list-versions functions, and the check-updates route and the webhook the detector, and nothing else', () => {
      const sourceArns = [...example.stack.sources.functions.values()].map((f) => example.stack.resolve(f.function.functionArn) as unknown);
      for (const handler of ['detect', 'verify-artifact'] as const) expect(JSON.parse(on(example, handler, 'lambda:InvokeFunction')), handler).toEqual(sourceArns);
      const detector = example.stack.resolve(example.stack.functions.detect.function.functionArn) as unknown;
      for (const handler of ['api-check-updates', 'webhook'] as const) expect(JSON.parse(on(example, handler, 'lambda:InvokeFunction')), handler).toEqual([detector]);
      for (const handler of Object.keys(example.stack.functions) as HandlerName[]) {
        if (!['detect', 'verify-artifact', 'api-check-updates', 'webhook', 'start-rollout', 'check-rollout', 'roll-back'].includes(handler)) expect(on(example, handler, 'lambda:InvokeFunction'), handler).toBe('[]');
      }
    });
  });

  it('grants through each need only actions some handler holding it calls', () => {
    // Prepare
    const stack = new Stack();
    const arns = ['arn:aws:x:eu-west-1:123456789012:x'];
    const deployments = { groupArns: arns, applicationArns: arns, configArns: arns, functionArns: arns, versionArns: arns, steppedFunctionArns: arns, steppedVersionArns: arns, alarmArns: arns };
    const targets: GrantTargets = {
      tableArn: arns[0]!, stateMachineArn: arns[0]!, executionsArn: arns[0]!, topic: new Topic(stack, 'Topic'), topicKey: new Key(stack, 'Key'),
      simulationProjectArns: arns, reportGroupArns: arns, deployments, sourceSecretArns: arns, pipelineSecretArns: arns, pipelineArns: arns,
      scheduleArns: arns, scheduleRoleArn: arns[0]!, webhookSecretArns: arns, sourceFunctionArns: arns, detectorArn: arns[0]!,
    };
    const needs = [...new Set(handlers.flatMap((h) => HANDLERS[h].needs as readonly Need[]))];
    // Act
    const unused = needs.flatMap((need) => {
      const holders = handlers.filter((h) => (HANDLERS[h].needs as readonly Need[]).includes(need));
      const called = new Set(holders.flatMap((h) => [...needed.get(h)!.keys()]));
      const actions = needStatements(need, targets).flatMap((st) => st.actions);
      return actions.filter((a) => !called.has(a)).map((a) => `${need}: ${a} (held by ${holders.join(', ')})`);
    });
    // Assess
    expect(needs.length).toBeGreaterThan(15);
    expect(unused).toEqual([]);
  });
});
