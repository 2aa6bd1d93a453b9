/**
 * Links to Step Functions executions in the AWS console. A module of its own, without the SDK:
 * a function that only writes the link in an audit event (`start-workflow`) or a page does not
 * carry the Step Functions client for it (see `omitted` in `aws-deps.ts`).
 */

/** The console host for an ARN's partition (China and GovCloud have their own). */
function consoleHost(partition: string, region: string): string {
  if (partition === 'aws-cn') return `${region}.console.amazonaws.cn`;
  if (partition === 'aws-us-gov') return `${region}.console.amazonaws-us-gov.com`;
  return `${region}.console.aws.amazon.com`;
}

/**
 * The execution's page in the Step Functions console of the ARN's own region and partition.
 *
 * @example
 * ```ts
 * executionConsoleUrl('arn:aws:states:eu-west-1:123456789012:execution:upkeep:api-1-2-4');
 * // https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/arn:aws:states:…
 * ```
 */
export function executionConsoleUrl(executionArn: string): string {
  // arn:<partition>:states:<region>:<account>:execution:<machine>:<name>
  const [, partition = 'aws', , region = 'us-east-1'] = executionArn.split(':');
  return `https://${consoleHost(partition, region)}/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}
