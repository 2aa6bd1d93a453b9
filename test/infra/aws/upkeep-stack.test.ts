import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { createTableInput } from '../../../functions/adapters/aws/table-definition.js';
import { SOURCE_TYPES } from '../../../functions/adapters/sources/source-types.js';
import { ENV, simulationProjectName } from '../../../functions/constants.js';
import type { SourceType } from '../../../functions/core/config/source-schema.js';
import { ROUTES } from '../../../functions/handlers/routes.js';
import { PLACEHOLDERS, STEP_HANDLERS } from '../../../statemachines/substitutions.js';
import { HANDLERS, type HandlerName } from '../../../infra/aws/handler-catalog.js';
import { loadConfig } from '../../../infra/aws/stack-config.js';
import { CODEBUILD_SYNC_RULE } from '../../../infra/aws/workflow-state-machine.js';
import { EXAMPLE_CONFIG, list, resourcesOf, statementsOfRole, synth, type Statement, type Synthesized } from './synth.js';

type Json = Record<string, unknown>;

/** The ASL the state machine deploys: the file asset its `DefinitionS3Location` points at. */
function deployedDefinition(s: Synthesized): { text: string; substitutions: Record<string, unknown> } {
  const [machine] = Object.values(resourcesOf(s.template, 'AWS::StepFunctions::StateMachine'));
  const props = machine!.Properties as { DefinitionS3Location: { Key: string }; DefinitionSubstitutions: Record<string, unknown> };
  const outdir = s.app.outdir;
  return { text: readFileSync(join(outdir, `asset.${props.DefinitionS3Location.Key}`), 'utf8'), substitutions: props.DefinitionSubstitutions };
}

/** The function resource of a handler, and its role's statements. */
function handlerFunction(s: Synthesized, handler: HandlerName): { id: string; props: Json; statements: Statement[] } {
  const fn = s.stack.functions[handler].function;
  const id = s.stack.getLogicalId(fn.node.defaultChild as never);
  const props = resourcesOf(s.template, 'AWS::Lambda::Function')[id]!.Properties;
  return { id, props, statements: functionStatements(s, fn) };
}

/** The statements of a function's role. */
function functionStatements(s: Synthesized, fn: IFunction): Statement[] {
  const props = resourcesOf(s.template, 'AWS::Lambda::Function')[s.stack.getLogicalId(fn.node.defaultChild as never)]!.Properties;
  return statementsOfRole(s, ((props.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'])[0]!);
}

const grants = (statements: Statement[], action: string): unknown[] =>
  statements.filter((st) => st.Effect === 'Allow' && list(st.Action).includes(action)).flatMap((st) => list(st.Resource));

describe('Construct: UpkeepStack', () => {
  const s = synth();

  describe('the update workflow', () => {
    const definition = deployedDefinition(s);
    const asl = JSON.parse(definition.text) as { States: Record<string, { Type: string; Resource?: string; Parameters?: Json; TimeoutSeconds?: number }> };
    const tasks = Object.entries(asl.States).filter(([, state]) => state.Type === 'Task');

    it('deploys the very file local mode runs', () => {
      expect(definition.text).toBe(readFileSync('statemachines/update-workflow.asl.json', 'utf8'));
    });

    it('substitutes exactly the placeholders the definition uses', () => {
      const used = new Set([...definition.text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]));
      expect(Object.keys(definition.substitutions).sort()).toEqual([...used].sort());
      expect(Object.keys(definition.substitutions).sort()).toEqual([...PLACEHOLDERS].sort());
    });

    it('replaces each placeholder with the ARN of the function running its handler', () => {
      for (const placeholder of PLACEHOLDERS) {
        const { id } = handlerFunction(s, STEP_HANDLERS[placeholder]);
        expect(definition.substitutions[placeholder], placeholder).toEqual({ 'Fn::GetAtt': [id, 'Arn'] });
      }
    });

    it('is a Standard state machine logging every event (without execution data) with X-Ray on', () => {
      s.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineType: 'STANDARD',
        StateMachineName: 'Upkeep-update-workflow',
        LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
        TracingConfiguration: { Enabled: true },
      });
    });

    it("grants what every Task's resource calls, on the resources it names", () => {
      const machine = s.stack.stateMachine.stateMachine;
      const roleId = s.stack.getLogicalId(machine.role.node.defaultChild as never);
      const statements = statementsOfRole(s, roleId);
      expect(tasks.length).toBeGreaterThan(10);
      for (const [name, task] of tasks) {
        if (task.Resource?.startsWith('arn:aws:states:::lambda:invoke')) {
          const placeholder = /^\$\{(\w+)\}$/.exec(String(task.Parameters?.FunctionName))?.[1];
          expect(placeholder, name).toBeDefined();
          expect(grants(statements, 'lambda:InvokeFunction'), name).toContainEqual(definition.substitutions[placeholder!]);
        } else if (task.Resource === 'arn:aws:states:::codebuild:startBuild.sync') {
          for (const action of ['codebuild:StartBuild', 'codebuild:StopBuild', 'codebuild:BatchGetBuilds']) {
            const resources = JSON.stringify(grants(statements, action));
            for (const c of loadConfig(EXAMPLE_CONFIG).components.filter((x) => x.simulation !== undefined)) expect(resources, `${name} ${action}`).toContain(`:project/${simulationProjectName(c.name)}`);
          }
          for (const action of ['events:PutTargets', 'events:PutRule', 'events:DescribeRule']) expect(JSON.stringify(grants(statements, action)), action).toContain(`:rule/${CODEBUILD_SYNC_RULE}`);
        } else {
          throw new Error(`Task ${name} calls ${task.Resource}, which the stack grants nothing for`);
        }
      }
    });

    it('gives each step function less time than the Task states that call it allow', () => {
      for (const [name, task] of tasks.filter(([, t]) => t.TimeoutSeconds !== undefined && typeof t.Parameters?.FunctionName === 'string')) {
        const placeholder = /^\$\{(\w+)\}$/.exec(String(task.Parameters?.FunctionName))![1] as keyof typeof STEP_HANDLERS;
        expect(HANDLERS[STEP_HANDLERS[placeholder]].timeoutSeconds, name).toBeLessThan(task.TimeoutSeconds!);
      }
    });
  });

  describe('the table', () => {
    it('has the keys and indexes local mode creates', () => {
      const local = createTableInput('upkeep');
      const [table] = Object.values(resourcesOf(s.template, 'AWS::DynamoDB::GlobalTable'));
      const p = table!.Properties as { KeySchema: unknown[]; AttributeDefinitions: unknown[]; GlobalSecondaryIndexes: Json[]; BillingMode: string };
      expect(p.KeySchema).toEqual(local.KeySchema);
      expect(p.BillingMode).toBe(local.BillingMode);
      const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }): number => String(a.AttributeName).localeCompare(String(b.AttributeName));
      expect([...(p.AttributeDefinitions as { AttributeName: string }[])].sort(byName)).toEqual([...local.AttributeDefinitions!].sort(byName));
      const indexes = p.GlobalSecondaryIndexes.map((i) => ({ IndexName: i.IndexName, KeySchema: i.KeySchema, Projection: i.Projection }));
      expect(indexes.sort((a, b) => String(a.IndexName).localeCompare(String(b.IndexName))))
        .toEqual([...local.GlobalSecondaryIndexes!].sort((a, b) => String(a.IndexName).localeCompare(String(b.IndexName))));
    });

    it('is protected: point-in-time recovery, deletion protection, TTL clean-up, encryption, retained', () => {
      s.template.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
          SSESpecification: { SSEEnabled: true },
          Replicas: [Match.objectLike({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
        }),
      });
    });
  });

  describe('the functions', () => {
    it('runs every handler on Node.js 22, arm64, traced, with explicit memory and timeout', () => {
      for (const handler of Object.keys(s.stack.functions) as HandlerName[]) {
        const { props } = handlerFunction(s, handler);
        expect(props, handler).toMatchObject({
          Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' },
          MemorySize: HANDLERS[handler].memoryMb, Timeout: HANDLERS[handler].timeoutSeconds, Handler: 'index.handler',
        });
      }
    });

    it('deploys list-versions once per source type, sized as the catalog says, each bundle with its own source', () => {
      expect([...s.stack.sources.functions.keys()].sort()).toEqual([...SOURCE_TYPES].sort());
      for (const [type, fn] of s.stack.sources.functions) {
        const props = resourcesOf(s.template, 'AWS::Lambda::Function')[s.stack.getLogicalId(fn.function.node.defaultChild as never)]!.Properties;
        expect(props, type).toMatchObject({ Runtime: 'nodejs22.x', MemorySize: HANDLERS['list-versions'].memoryMb, Timeout: HANDLERS['list-versions'].timeoutSeconds, Description: `Upkeep list-versions (${type})` });
      }
      // Below the timeout of every function that waits for them.
      for (const caller of ['detect', 'verify-artifact'] as const) expect(HANDLERS['list-versions'].timeoutSeconds, caller).toBeLessThan(HANDLERS[caller].timeoutSeconds);
    });

    it('names in their environment the functions the detector, the artifact check, the check-updates route and the webhook invoke', () => {
      const variables = (handler: HandlerName): Json => (handlerFunction(s, handler).props.Environment as { Variables: Json }).Variables;
      const names = JSON.stringify(s.stack.resolve(s.stack.sources.names));
      for (const handler of ['detect', 'verify-artifact'] as const) expect(JSON.stringify(variables(handler)[ENV.sourceFunctions]), handler).toBe(names);
      for (const [type, fn] of s.stack.sources.functions) expect(names, type).toContain(`\\"${type}\\":\\"",{"Ref":"${s.stack.getLogicalId(fn.function.node.defaultChild as never)}"}`);
      const detector = s.stack.resolve(s.stack.functions.detect.function.functionName) as unknown;
      for (const handler of ['api-check-updates', 'webhook'] as const) expect(variables(handler)[ENV.detectorFunction], handler).toEqual(detector);
      expect(variables('evaluate-policy')[ENV.sourceFunctions]).toBeUndefined();
      expect(variables('evaluate-policy')[ENV.detectorFunction]).toBeUndefined();
    });

    it('gives every function what the AWS composition root requires, and the bundled config path', () => {
      const { props } = handlerFunction(s, 'evaluate-policy');
      const variables = (props.Environment as { Variables: Json }).Variables;
      for (const name of [ENV.runtime, ENV.tableName, ENV.stateMachineArn, ENV.topicArn, ENV.apiUrl, ENV.configPath]) expect(variables[name], name).toBeDefined();
      expect(variables[ENV.runtime]).toBe('aws');
      expect(variables[ENV.configPath]).toBe('/var/task/upkeep-config.json');
      expect(variables.POWERTOOLS_SERVICE_NAME).toBe('upkeep');
    });

    it('sends failed asynchronous invocations to the dead-letter queue', () => {
      for (const handler of ['detect', 'seed-config', 'send-reminders'] as const) {
        const { props } = handlerFunction(s, handler);
        expect(props.DeadLetterConfig, handler).toEqual({ TargetArn: { 'Fn::GetAtt': [s.stack.getLogicalId(s.stack.node.findChild('Failures').node.defaultChild as never), 'Arn'] } });
      }
      s.template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 3);
      s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { DestinationConfig: { OnFailure: { Destination: Match.anyValue() } } });
    });

    it('lets the approval step publish to the topic, and no more', () => {
      const { statements } = handlerFunction(s, 'request-approval');
      expect(grants(statements, 'sns:Publish')).toHaveLength(1);
      // Approval links are random secrets stored hashed: nothing signs them, so no secret is read.
      expect(grants(statements, 'secretsmanager:GetSecretValue')).toEqual([]);
      expect(grants(statements, 'states:StartExecution')).toEqual([]);
      expect(grants(statements, 'codedeploy:CreateDeployment')).toEqual([]);
    });

    it('grants registry tokens to the list-versions function of their type and CI tokens to the pipeline steps, by secret name', () => {
      const tokens = (type: SourceType): string => JSON.stringify(grants(functionStatements(s, s.stack.sources.functions.get(type)!.function), 'secretsmanager:GetSecretValue'));
      expect(tokens('npm')).toContain(':secret:upkeep/npm-token-??????');
      expect(tokens('npm')).not.toContain('maven-credentials');
      expect(tokens('maven')).toContain(':secret:upkeep/maven-credentials-??????');
      expect(tokens('npm')).not.toContain('github-token');
      expect(grants(handlerFunction(s, 'detect').statements, 'secretsmanager:GetSecretValue')).toEqual([]);
      const trigger = JSON.stringify(grants(handlerFunction(s, 'trigger-pipeline').statements, 'secretsmanager:GetSecretValue'));
      expect(trigger).toContain(':secret:upkeep/github-token-??????');
      expect(trigger).not.toContain('npm-token');
      expect(JSON.stringify(grants(handlerFunction(s, 'trigger-pipeline').statements, 'codepipeline:StartPipelineExecution'))).toContain('ledger-service-release');
    });

    it('lets only the start/stop handler change the detection schedules, passing only their role', () => {
      for (const handler of Object.keys(s.stack.functions) as HandlerName[]) {
        const updates = grants(handlerFunction(s, handler).statements, 'scheduler:UpdateSchedule');
        expect(updates.length > 0, handler).toBe(handler === 'api-detection');
      }
      const passRole = handlerFunction(s, 'api-detection').statements.find((st) => list(st.Action).includes('iam:PassRole'));
      expect(passRole?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
    });
  });

  describe('IAM', () => {
    it('grants no wildcard action in any identity or resource policy', () => {
      const policies = [
        ...Object.values(resourcesOf(s.template, 'AWS::IAM::Policy')).map((p) => p.Properties.PolicyDocument),
        ...Object.values(resourcesOf(s.template, 'AWS::IAM::Role')).flatMap((r) => ((r.Properties.Policies ?? []) as { PolicyDocument: unknown }[]).map((p) => p.PolicyDocument)),
        ...['AWS::S3::BucketPolicy', 'AWS::SNS::TopicPolicy', 'AWS::SQS::QueuePolicy'].flatMap((type) => Object.values(resourcesOf(s.template, type)).map((p) => p.Properties.PolicyDocument)),
      ] as { Statement: Statement[] }[];
      expect(policies.length).toBeGreaterThan(30);
      // A Deny may be broad (the TLS-only policies deny `s3:*` over plain HTTP); an Allow may not.
      const wildcards = policies.flatMap((p) => p.Statement.filter((st) => st.Effect === 'Allow').flatMap((st) => list(st.Action))).filter((a) => a.includes('*'));
      expect(wildcards).toEqual([]);
    });
  });

  describe('detection', () => {
    it('schedules one detector run per shard at the configured rate, with retries and a DLQ', () => {
      s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Name: 'Upkeep-detect-0',
        ScheduleExpression: 'rate(1 hour)',
        State: 'ENABLED',
        Target: Match.objectLike({ Input: JSON.stringify({ shard: 0, shards: 1 }), RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 }, DeadLetterConfig: { Arn: Match.anyValue() } }),
      });
    });
  });

  describe('approvals', () => {
    it('subscribes each deciding approver with a filter policy on their own address', () => {
      for (const email of ['alice@acme.example', 'bob@acme.example', 'carol@acme.example']) {
        s.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: email, FilterPolicy: { approver: [email] } });
      }
      expect(JSON.stringify(resourcesOf(s.template, 'AWS::SNS::Subscription'))).not.toContain('ops-oncall@acme.example');
    });

    it('encrypts the topic with KMS and refuses plain-HTTP publishing', () => {
      s.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
      s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });
  });

  describe('the API', () => {
    it('serves every route: IAM on token routes, nothing in front of link and signature routes', () => {
      const routes = Object.values(resourcesOf(s.template, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
      expect(routes).toHaveLength(ROUTES.length);
      for (const route of ROUTES) {
        const deployed = routes.find((r) => r.RouteKey === `${route.method} ${route.path}`);
        expect(deployed?.AuthorizationType, `${route.method} ${route.path}`).toBe(route.auth === 'token' ? 'AWS_IAM' : 'NONE');
      }
    });

    it('logs access as JSON and throttles the stage', () => {
      s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"') },
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      });
    });

    it('uses a JWT authorizer when the context names an issuer', () => {
      const jwt = synth(undefined, { 'upkeep:api-auth': { type: 'jwt', issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc', audience: ['client-1'] } });
      jwt.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', JwtConfiguration: { Issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc', Audience: ['client-1'] } });
      jwt.template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /api/self-update/status', AuthorizationType: 'JWT' });
    });
  });

  describe('simulation', () => {
    it('builds each simulated component in its own project: time limit, KMS, no privileged mode', () => {
      s.template.hasResourceProperties('AWS::CodeBuild::Project', {
        Name: 'upkeep-sim-billing-api',
        TimeoutInMinutes: 20,
        EncryptionKey: Match.anyValue(),
        Environment: Match.objectLike({ PrivilegedMode: false }),
      });
      s.template.hasResourceProperties('AWS::CodeBuild::Project', { Name: 'upkeep-sim-storefront', Source: Match.objectLike({ Type: 'NO_SOURCE', BuildSpec: Match.stringLikeRegexp('npm run test:integration') }) });
    });

    it('files JUnit reports in a group per configured suite', () => {
      for (const suite of ['unit', 'integration', 'security']) s.template.hasResourceProperties('AWS::CodeBuild::ReportGroup', { Name: `upkeep-sim-billing-api-${suite}`, Type: 'TEST' });
    });
  });

  describe('outputs', () => {
    it('names the API, dashboard, state machine, table and topic', () => {
      for (const name of ['ApiUrl', 'DashboardUrl', 'StateMachineArn', 'TableName', 'TopicArn']) s.template.hasOutput(name, {});
    });

    it('points the dashboard URL at the distribution that serves it', () => {
      const distribution = s.stack.getLogicalId(s.stack.dashboard.distribution.node.defaultChild as never);
      s.template.hasOutput('DashboardUrl', { Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }, '/']] } });
    });

    it('seeds the table from the configuration on every change to it', () => {
      s.template.hasResourceProperties('Custom::UpkeepConfigSeed', { ServiceToken: { 'Fn::GetAtt': [handlerFunction(s, 'seed-config').id, 'Arn'] }, ConfigHash: Match.stringLikeRegexp('^[0-9a-f]{64}$') });
    });
  });

  describe('references', () => {
    it('has no dependency cycle between resources', () => {
      const resources = s.template.toJSON().Resources as Record<string, { DependsOn?: string[] } & Json>;
      const edges = new Map<string, Set<string>>();
      const collect = (value: unknown, out: Set<string>): void => {
        if (Array.isArray(value)) value.forEach((v) => collect(v, out));
        else if (value !== null && typeof value === 'object') {
          for (const [k, v] of Object.entries(value)) {
            if (k === 'Ref' && typeof v === 'string' && v in resources) out.add(v);
            else if (k === 'Fn::GetAtt' && Array.isArray(v) && typeof v[0] === 'string') out.add(v[0]);
            else if (k === 'Fn::Sub') for (const m of JSON.stringify(v).matchAll(/\$\{([A-Za-z0-9]+)[.}]/g)) if (m[1]! in resources) out.add(m[1]!);
            collect(v, out);
          }
        }
      };
      for (const [id, r] of Object.entries(resources)) {
        const out = new Set<string>(r.DependsOn ?? []);
        collect(r.Properties, out);
        edges.set(id, out);
      }
      const state = new Map<string, 'visiting' | 'done'>();
      const cycle: string[] = [];
      const visit = (id: string, path: string[]): boolean => {
        if (state.get(id) === 'done') return false;
        if (state.get(id) === 'visiting') { cycle.push(...path, id); return true; }
        state.set(id, 'visiting');
        for (const next of edges.get(id) ?? []) if (visit(next, [...path, id])) return true;
        state.set(id, 'done');
        return false;
      };
      for (const id of edges.keys()) if (visit(id, [])) break;
      expect(cycle).toEqual([]);
    });
  });
});
