import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, ApplicationLogLevel, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../functions/constants.js';
import type { SourceType } from '../../functions/core/config/source-schema.js';
import { type HandlerName, type HandlerSpec, HANDLERS, bundleDefines } from './handler-catalog.js';

/** The repository root: the handlers, `package-lock.json` and `node_modules` live there. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where the validated configuration lands in every bundle (the Lambda's code is under `/var/task`). */
export const BUNDLED_CONFIG_FILE = 'upkeep-config.json';

/**
 * ESM bundles have no `require`; some CommonJS dependencies bundled into them still call it for
 * Node built-ins, so the bundle provides one.
 */
const ESM_REQUIRE_BANNER = "import { createRequire as __upkeepCreateRequire } from 'node:module'; const require = __upkeepCreateRequire(import.meta.url);";

/** Properties of {@link HandlerFunction}. */
export interface HandlerFunctionProps {
  /** The module under `functions/handlers/`. */
  readonly handler: HandlerName;
  /**
   * For a handler deployed per source type (`list-versions`): the one source its bundle carries.
   * @default - every source the handler's ports use
   */
  readonly sourceType?: SourceType;
  /** Variables besides the Powertools ones and the bundled configuration's path. */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * The validated configuration as a JSON file on this machine. Its directory (the configuration
   * and the files it names, such as `deploy.smokeTest`, staged at their relative paths) is copied
   * into the bundle.
   */
  readonly configFile: string;
  readonly logRetention: RetentionDays;
  /** Where failed asynchronous invocations go. Only used for handlers invoked asynchronously. */
  readonly failureQueue: IQueue;
  /**
   * Powertools log level.
   * @default 'INFO'
   */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

/**
 * One Upkeep handler as a Lambda function: the handler module bundled by esbuild from
 * `node_modules` (no Docker) as minified ESM with source maps, Node.js 22 on arm64, X-Ray
 * tracing, its own log group, and the validated `upkeep.yaml` as `upkeep-config.json` beside the
 * code. The AWS SDK v3 is bundled rather than taken from the runtime: the handlers are tested
 * against the versions `package-lock.json` pins, and esbuild keeps only the clients a handler
 * imports. `target: node20` keeps each bundle loadable by the Node this repository supports, so
 * a test can import what was deployed.
 *
 * @example
 * ```ts
 * new HandlerFunction(this, 'EvaluatePolicy', { handler: 'evaluate-policy', environment, configFile, logRetention, failureQueue });
 * ```
 */
export class HandlerFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: Role;
  public readonly logGroup: LogGroup;
  public readonly spec: HandlerSpec;

  public constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    this.spec = HANDLERS[props.handler];
    const logLevel = props.logLevel ?? 'INFO';
    const logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention });
    const label = `Upkeep ${props.handler}${props.sourceType === undefined ? '' : ` (${props.sourceType})`}`;
    // Its own role rather than AWSLambdaBasicExecutionRole: it may write to its own log group only.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: label });
    logGroup.grantWrite(role);
    this.role = role;
    this.logGroup = logGroup;
    const configFile = props.configFile;
    const isAsync = this.spec.async === true;

    this.function = new NodejsFunction(this, 'Function', {
      entry: `${PROJECT_ROOT}functions/handlers/${props.handler}.ts`,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: this.spec.memoryMb,
      timeout: Duration.seconds(this.spec.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel[logLevel],
      systemLogLevelV2: SystemLogLevel.WARN,
      description: label,
      environment: {
        ...props.environment,
        [ENV.configPath]: `/var/task/${BUNDLED_CONFIG_FILE}`,
        POWERTOOLS_SERVICE_NAME: 'upkeep',
        POWERTOOLS_METRICS_NAMESPACE: 'Upkeep',
        [ENV.logLevel]: logLevel,
        // Events and responses can carry an approval's task token: never log or trace them.
        POWERTOOLS_LOGGER_LOG_EVENT: 'false',
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
      },
      ...(isAsync ? { deadLetterQueue: props.failureQueue, onFailure: new SqsDestination(props.failureQueue), retryAttempts: 2, maxEventAge: Duration.hours(1) } : {}),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node20',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        banner: ESM_REQUIRE_BANNER,
        // Bundle the SDK (see above): no externals at all.
        externalModules: [],
        // Leaves the ports this handler never uses, and their SDK clients, out of the bundle.
        define: bundleDefines(props.handler, props.sourceType),
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [`cp -R "${dirname(configFile)}/." "${outputDir}/"`, `cp "${configFile}" "${outputDir}/${BUNDLED_CONFIG_FILE}"`],
        },
      },
    });
  }
}
