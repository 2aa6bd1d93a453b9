/**
 * The `${Placeholders}` of `update-workflow.asl.json`, each mapped to the handler module
 * (under `functions/handlers/`) whose Lambda function ARN replaces it. The CDK stack feeds
 * these to `definitionSubstitutions`; local mode maps them to the same handlers in-process.
 * A test checks that this list and the placeholders in the file are the same set.
 */
export const STEP_HANDLERS = {
  StartWorkflowFunctionArn: 'start-workflow',
  VerifyArtifactFunctionArn: 'verify-artifact',
  CollectResultsFunctionArn: 'collect-results',
  EvaluatePolicyFunctionArn: 'evaluate-policy',
  RequestApprovalFunctionArn: 'request-approval',
  ScheduleDeploymentFunctionArn: 'schedule-deployment',
  ClaimDeploymentFunctionArn: 'claim-deployment',
  TriggerPipelineFunctionArn: 'trigger-pipeline',
  CheckPipelineFunctionArn: 'check-pipeline',
  StartRolloutFunctionArn: 'start-rollout',
  CheckRolloutFunctionArn: 'check-rollout',
  CheckHealthFunctionArn: 'check-health',
  RollBackFunctionArn: 'roll-back',
  RecordOutcomeFunctionArn: 'record-outcome',
} as const;

export type StepPlaceholder = keyof typeof STEP_HANDLERS;
export type StepHandlerName = (typeof STEP_HANDLERS)[StepPlaceholder];

/** Every placeholder the definition uses. */
export const PLACEHOLDERS: readonly StepPlaceholder[] = Object.keys(STEP_HANDLERS) as StepPlaceholder[];

/** Path of the definition, relative to the repository root. */
export const DEFINITION_PATH = 'statemachines/update-workflow.asl.json';
