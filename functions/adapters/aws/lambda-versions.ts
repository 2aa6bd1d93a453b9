import type { LambdaClient } from '@aws-sdk/client-lambda';
import { GetAliasCommand, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { NotFoundError } from '../../core/errors.js';
import { toAwsUpkeepError } from './aws-errors.js';
import { lambdaVersionDescription } from './aws-names.js';

/** Where an alias points: its version, and the share routed to a second version (0–100). */
export interface AliasState {
  readonly functionVersion: string;
  readonly weights: Readonly<Record<string, number>>;
}

/**
 * The published version of a function that holds a component version. The pipeline publishes
 * it with the description `upkeep:<version>` (`aws lambda publish-version --description
 * "upkeep:1.2.4"`); Lambda versions carry no tags of their own, so the description is the
 * link. The newest match wins when a version was published twice.
 *
 * @example
 * ```ts
 * await findLambdaVersion(lambda, 'billing-api', '4.3.0'); // '17'
 * ```
 */
export async function findLambdaVersion(client: LambdaClient, functionName: string, version: string): Promise<string> {
  const wanted = lambdaVersionDescription(version);
  let marker: string | undefined;
  let found: number | undefined;
  do {
    try {
      const out = await client.send(new ListVersionsByFunctionCommand({ FunctionName: functionName, MaxItems: 50, ...(marker === undefined ? {} : { Marker: marker }) }));
      for (const v of out.Versions ?? []) {
        const number = Number(v.Version);
        if (v.Description === wanted && Number.isInteger(number) && (found === undefined || number > found)) found = number;
      }
      marker = out.NextMarker;
    } catch (error) {
      throw toAwsUpkeepError(error, `list the versions of function ${functionName}`, 'Lambda');
    }
  } while (marker !== undefined && marker !== '');
  if (found === undefined) {
    throw new NotFoundError(
      `function ${functionName} has no published version described "${wanted}"; the pipeline must publish the candidate with that description before the rollout`,
      { context: { functionName, version } },
    );
  }
  return String(found);
}

/** Where an alias points now, with weights as percentages. */
export async function readAlias(client: LambdaClient, functionName: string, alias: string): Promise<AliasState> {
  try {
    const out = await client.send(new GetAliasCommand({ FunctionName: functionName, Name: alias }));
    const weights = Object.fromEntries(Object.entries(out.RoutingConfig?.AdditionalVersionWeights ?? {}).map(([v, w]) => [v, Math.round(w * 1000) / 10]));
    return { functionVersion: out.FunctionVersion ?? '$LATEST', weights };
  } catch (error) {
    throw toAwsUpkeepError(error, `read alias ${alias} of function ${functionName}`, 'Lambda');
  }
}
