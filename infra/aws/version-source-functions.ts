import { Stack } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SOURCE_TYPES } from '../../functions/adapters/sources/source-types.js';
import type { UpkeepConfig } from '../../functions/core/config/schema.js';
import type { SourceType } from '../../functions/core/config/source-schema.js';
import { needsOf, pascal } from './handler-catalog.js';
import { HandlerFunction } from './handler-function.js';
import { grantNeeds, secretArnPattern, type GrantTargets } from './handler-grants.js';
import { distinct, sourceSecrets } from './stack-config.js';

/** Properties of {@link VersionSourceFunctions}. */
export interface VersionSourceFunctionsProps {
  readonly environment: Readonly<Record<string, string>>;
  readonly configFile: string;
  readonly logRetention: RetentionDays;
  /** The stack's queue for failed asynchronous invocations (these functions are only invoked synchronously). */
  readonly failureQueue: IQueue;
}

/**
 * The `list-versions` handler deployed once per source type, each bundle with that type's source
 * only (`bundleDefines(handler, type)`): the detector and the artifact check list versions
 * through them (`LambdaVersionSources`) rather than carrying every registry client (issue 6).
 * Every type is deployed, not only those `upkeep.yaml` uses, because components registered
 * through the API may come from any; an idle function costs nothing. Each may read the HTTP
 * cache in the table and the registry tokens of its own type's components only.
 *
 * @example
 * ```ts
 * const sources = new VersionSourceFunctions(this, 'Sources', { environment, configFile, logRetention, failureQueue });
 * sources.grant(targets, config);
 * ```
 */
export class VersionSourceFunctions extends Construct {
  public readonly functions: ReadonlyMap<SourceType, HandlerFunction>;
  /** `{"npm":"<function name>",…}`, for `UPKEEP_SOURCE_FUNCTIONS` on the functions that list through them. */
  public readonly names: string;
  /** The functions' ARNs, for the grant to invoke them. */
  public readonly arns: readonly string[];

  public constructor(scope: Construct, id: string, props: VersionSourceFunctionsProps) {
    super(scope, id);
    const functions = new Map<SourceType, HandlerFunction>();
    for (const type of SOURCE_TYPES) {
      functions.set(type, new HandlerFunction(this, pascal(type), {
        handler: 'list-versions', sourceType: type, environment: props.environment, configFile: props.configFile, logRetention: props.logRetention, failureQueue: props.failureQueue,
      }));
    }
    this.functions = functions;
    this.names = Stack.of(this).toJsonString(Object.fromEntries([...functions].map(([type, fn]) => [type, fn.function.functionName])));
    this.arns = [...functions.values()].map((fn) => fn.function.functionArn);
  }

  /** Grants each function its needs, with the registry tokens of its own type's components only. */
  public grant(targets: GrantTargets, config: UpkeepConfig): void {
    for (const [type, fn] of this.functions) {
      const secrets = distinct(config.components.filter((c) => c.source.type === type).flatMap(sourceSecrets));
      grantNeeds(fn.function, needsOf('list-versions', type), { ...targets, sourceSecretArns: secrets.map((s) => secretArnPattern(Stack.of(this), s)) });
    }
  }
}
