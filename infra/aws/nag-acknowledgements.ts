import type { CfnResource, Stack } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';
import type { ComponentDeployments } from './component-deployments.js';
import type { DashboardSite } from './dashboard-site.js';
import type { HandlerFunction } from './handler-function.js';
import type { SimulationProject } from './simulation-project.js';

/** The stack's parts that carry acknowledged cdk-nag findings. */
export interface AcknowledgedParts {
  readonly stack: Stack;
  readonly functions: readonly HandlerFunction[];
  readonly simulations: readonly SimulationProject[];
  readonly deployments: ComponentDeployments;
  /** Routes without an API authorizer (approval links, webhooks). */
  readonly publicRoutes: readonly HttpRoute[];
  readonly failures: Queue;
  readonly dashboard: DashboardSite;
}

const ack = (scope: IConstruct, id: string, reason: string): void => Validations.of(scope).acknowledge({ id, reason });

/**
 * Actions IAM grants only on `Resource: "*"`, with why each is needed. A policy's
 * `Resource::*` finding is acknowledged only when every action granted on `*` is one of these.
 */
const STAR_ONLY_ACTIONS: Readonly<Record<string, string>> = {
  'xray:PutTraceSegments': 'X-Ray tracing (Lambda and Step Functions) sends segments; X-Ray has no resource type for it',
  'xray:PutTelemetryRecords': 'X-Ray tracing sends telemetry; X-Ray has no resource type for it',
  'xray:GetSamplingRules': 'X-Ray tracing reads sampling rules; no resource type',
  'xray:GetSamplingTargets': 'X-Ray tracing reads sampling targets; no resource type',
  'states:SendTaskSuccess': 'settling an approval takes a task token, not a resource: IAM accepts only "*" for SendTaskSuccess',
  'states:SendTaskFailure': 'rejecting an approval takes a task token, not a resource: IAM accepts only "*" for SendTaskFailure',
  'cloudwatch:GetMetricData': "a stepped rollout's analysis reads the candidate's and the current version's Lambda metrics; GetMetricData has no resource type, so IAM accepts only \"*\"",
  'logs:CreateLogDelivery': 'Step Functions logging to CloudWatch Logs: log-delivery actions have no resource type',
  'logs:GetLogDelivery': 'Step Functions logging: log-delivery actions have no resource type',
  'logs:UpdateLogDelivery': 'Step Functions logging: log-delivery actions have no resource type',
  'logs:DeleteLogDelivery': 'Step Functions logging: log-delivery actions have no resource type',
  'logs:ListLogDeliveries': 'Step Functions logging: log-delivery actions have no resource type',
  'logs:PutResourcePolicy': 'Step Functions logging: lets the service add its delivery to the log group resource policy',
  'logs:DescribeResourcePolicies': 'Step Functions logging: reads the log group resource policies',
  'logs:DescribeLogGroups': 'Step Functions logging: finds the log group',
};

/** Wildcards inside an ARN that are the narrowest IAM can express, with why. */
const RESOURCE_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/:execution:[^:]+:\*$/, 'executions of the update workflow get their ARNs when they start; the pattern is limited to this one state machine'],
  [/:report-group\/.+-\*$/, "CodeBuild names a buildspec's report groups <project>-<report>; the pattern is limited to this simulation project's groups"],
  [/:log-group:\/aws\/codebuild\/.+:\*$/, "CodeBuild writes log streams it names per build; limited to this project's log group"],
  [/^<[A-Za-z0-9]+\.Arn>:\*$/, 'EventBridge Scheduler may invoke the function by version or alias; limited to this one function'],
  [/:log-group:.+:\*$/, "log streams are created per execution environment; limited to this one log group"],
  [/:lambda:(?:<AWS::Region>|[a-z0-9-]+):(?:<AWS::AccountId>|\d{12}):function:[A-Za-z0-9_-]+:\*$/, "a smoke test or synthetic check invokes the candidate version, which the component's pipeline publishes after this deploy; limited to that one function's versions"],
];

type Statement = { readonly Effect?: string; readonly Action?: string | string[]; readonly Resource?: unknown };

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * Acknowledges, on each IAM policy, the wildcard findings (AwsSolutions-IAM5) whose wildcard is
 * known to be the narrowest IAM allows, each with its reason. Anything else stays a finding and
 * fails the synth: a new wildcard needs a decision, not a blanket suppression.
 */
function acknowledgeWildcards(stack: Stack): void {
  const visit = (node: IConstruct): void => {
    if (node instanceof CfnPolicy) {
      const doc = stack.resolve(node.policyDocument) as { Statement?: Statement[] };
      const allowed = (doc.Statement ?? []).filter((s) => s.Effect === 'Allow');
      const starActions = allowed.filter((s) => list(s.Resource).includes('*')).flatMap((s) => list(s.Action));
      if (starActions.length > 0 && starActions.every((a) => a in STAR_ONLY_ACTIONS)) {
        ack(node, 'AwsSolutions-IAM5[Resource::*]', [...new Set(starActions.map((a) => STAR_ONLY_ACTIONS[a]))].join('; '));
      }
      for (const resource of allowed.flatMap((s) => list(s.Resource)).map(flattenCfnReference)) {
        if (resource === '*' || !resource.includes('*')) continue;
        const reason = RESOURCE_PATTERNS.find(([pattern]) => pattern.test(resource))?.[1];
        if (reason !== undefined) ack(node, `AwsSolutions-IAM5[Resource::${resource}]`, reason);
      }
    }
    for (const child of node.node.children) visit(child);
  };
  visit(stack);
}

/**
 * Every cdk-nag finding the stack accepts, acknowledged where it arises with the reason in
 * code (cdk-nag v3: `Validations.of(scope).acknowledge`). Findings not listed here fail the synth.
 */
export function acknowledgeStackFindings(parts: AcknowledgedParts): void {
  acknowledgeWildcards(parts.stack);

  for (const fn of parts.functions) {
    const resource = fn.function.node.defaultChild as CfnResource;
    const why = 'Node.js 22 is the newest runtime the handlers are tested on (package.json engines >= 20.19, bundles target node20); move to the next with the test matrix';
    ack(resource, 'AwsSolutions-L1', why);
    ack(resource, 'Serverless-LambdaLatestVersion', why);
    if (fn.spec.async !== true) {
      ack(resource, 'Serverless-LambdaDLQ', 'invoked synchronously only (a Step Functions Task, API Gateway, or another Upkeep function waiting for the answer): the caller gets the error and retries; a DLQ applies to asynchronous invocations, which this function never gets');
    }
  }

  ack(parts.failures, 'AwsSolutions-SQS3', 'this queue is the dead-letter queue (failed detection runs, undeliverable emails); a DLQ of a DLQ adds nothing');
  ack(parts.failures, 'Serverless-SQSRedrivePolicy', 'this queue is the dead-letter queue; nothing redrives from it automatically');

  for (const route of parts.publicRoutes) {
    ack(route, 'AwsSolutions-APIG4', 'authenticated in the handler, not by API Gateway: approval pages by the single-use link secret (GET only shows, the form POST decides), webhooks by the sender\'s signature or token');
  }

  for (const server of parts.deployments.server) {
    ack(server.group, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRole]',
      "CodeDeploy's service role for EC2/on-premises groups: it reads instance tags and Auto Scaling groups account-wide, which only the AWS-maintained policy tracks");
  }
  for (const ecs of parts.deployments.ecs) {
    ack(ecs.group, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSCodeDeployRoleForECS]',
      "CodeDeploy's service role for ECS blue/green: it swaps listener rules and task sets of the service, which only the AWS-maintained policy tracks");
  }
  acknowledgeDashboard(parts.stack, parts.dashboard);

  for (const simulation of parts.simulations.filter((s) => s.customImage)) {
    ack(simulation.project, 'AwsSolutions-CB5', "the component's simulation.image names the build image its tests need (upkeep.yaml); CodeBuild's curated images are the default");
  }
}

/**
 * The dashboard's distribution, its log bucket, and the function `BucketDeployment` brings:
 * aws-cdk-lib owns that function's code and runtime (its role is ours, see `DashboardSite`), and
 * runs it only while a deploy copies `web/`.
 */
function acknowledgeDashboard(stack: Stack, dashboard: DashboardSite): void {
  const distribution = dashboard.distribution.node.defaultChild as CfnResource;
  ack(distribution, 'AwsSolutions-CFR1', 'no geo restriction: operators and approvers use the dashboard from wherever they work; the API behind /api/* authenticates every call');
  ack(distribution, 'AwsSolutions-CFR2', 'no WAF web ACL by default (one costs at least $5 a month and must live in us-east-1): the distribution serves static files, and the API behind it authenticates every request and throttles at its stage; add a web ACL if your organisation requires one');
  ack(distribution, 'AwsSolutions-CFR4', 'no custom domain, so the distribution uses the default *.cloudfront.net certificate, whose viewer TLS policy CloudFront fixes; with your own domain and ACM certificate set minimumProtocolVersion TLSv1.2_2021');

  const provider = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  const fn = provider?.node.findAll().find((c): c is CfnFunction => c instanceof CfnFunction);
  if (fn === undefined) throw new Error("BucketDeployment's provider function was not found under the stack; aws-cdk-lib changed how it names it");
  const runtime = "BucketDeployment's provider function: aws-cdk-lib chooses its runtime and moves it with aws-cdk-lib upgrades";
  ack(fn, 'AwsSolutions-L1', runtime);
  ack(fn, 'Serverless-LambdaLatestVersion', runtime);
  ack(fn, 'Serverless-LambdaDLQ', 'a CloudFormation custom resource provider, invoked only during a deploy: a failure fails the deploy, which reports it');
  ack(fn, 'Serverless-LambdaTracing', 'copies the dashboard files during a deploy; nothing to trace');
  const filesArn = `<${stack.getLogicalId(dashboard.bucket.node.defaultChild as CfnResource)}.Arn>/*`;
  ack(dashboard.deploymentRole, `AwsSolutions-IAM5[Resource::${filesArn}]`, "the dashboard's files are objects of its bucket, which each deploy replaces and prunes; limited to that one bucket");
  ack(dashboard.logBucket, 'AwsSolutions-S1', "this is the access log bucket (CloudFront's and the dashboard bucket's logs); logging its own access would log itself");
}
