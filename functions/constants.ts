/**
 * Names shared by `infra/` and `functions/`: environment variables the handlers read, and the
 * naming rules both sides must agree on. Only the composition root reads `process.env`.
 */
export const ENV = {
  /** `aws` or `local`: which adapters the composition root builds. */
  runtime: 'UPKEEP_RUNTIME',
  tableName: 'UPKEEP_TABLE_NAME',
  /** Local mode: the DynamoDB-compatible endpoint (dynalite). */
  dynamodbEndpoint: 'UPKEEP_DYNAMODB_ENDPOINT',
  stateMachineArn: 'UPKEEP_STATE_MACHINE_ARN',
  topicArn: 'UPKEEP_TOPIC_ARN',
  /** The validated configuration as JSON (bundled at deploy time in AWS, set by `upkeep start` locally). */
  configPath: 'UPKEEP_CONFIG_PATH',
  /** Base URL of the API, for approval links and execution links. */
  apiUrl: 'UPKEEP_API_URL',
  /** Base URL of the dashboard, for workflow links in outcome emails (AWS; locally the API's server serves it). */
  dashboardUrl: 'UPKEEP_DASHBOARD_URL',
  /** Seconds between status polls of pipelines and rollouts. */
  pollSeconds: 'UPKEEP_POLL_SECONDS',
  /** Local mode: the data directory (dynalite files, outbox, build workspaces). */
  dataDir: 'UPKEEP_DATA_DIR',
  /** Local mode: the API port. */
  port: 'UPKEEP_PORT',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
  /** The EventBridge Scheduler schedules that run detection, comma-separated; the API's start/stop flips them. */
  scheduleNames: 'UPKEEP_DETECTION_SCHEDULES',
  /** Their schedule group. */
  scheduleGroup: 'UPKEEP_DETECTION_SCHEDULE_GROUP',
  /** AWS: each source type's `list-versions` function, as JSON (`{"npm":"<function name>",…}`), on the functions that list through them. */
  sourceFunctions: 'UPKEEP_SOURCE_FUNCTIONS',
  /** AWS: the detect function, on the functions that hand detection to it (the check-updates route, the webhook). */
  detectorFunction: 'UPKEEP_DETECTOR_FUNCTION',
} as const;

/** Prefix of the CodeBuild project that simulates a component: `<prefix><component>`. */
export const SIMULATION_PROJECT_PREFIX = 'upkeep-sim-';

/** The CodeBuild project (AWS) or local build queue name that simulates `component`. */
export function simulationProjectName(component: string): string {
  return `${SIMULATION_PROJECT_PREFIX}${component}`;
}

/** How often pipelines and rollouts are polled when nothing says otherwise. */
export const DEFAULT_POLL_SECONDS = 30;

/** Bake time after full traffic before the last health check, when the component sets none. */
export const DEFAULT_BAKE_SECONDS = 300;

/**
 * A Step Functions execution name a person can read and find: `<component>-<version>-<id>`,
 * limited to the 80 characters and the character set Step Functions allows.
 */
export function executionName(component: string, version: string, workflowId: string): string {
  const clean = (text: string): string => text.replace(/[^A-Za-z0-9_-]/g, '_');
  const suffix = `-${workflowId.slice(0, 8)}`;
  return `${clean(component)}-${clean(version)}`.slice(0, 80 - suffix.length) + suffix;
}
