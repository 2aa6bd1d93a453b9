import { checkRollout } from '../app/steps/rollout-steps.js';
import { WorkflowStep } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

/** State "Check rollout" of the update workflow. */
export const handler = stepHandler('check-rollout', WorkflowStep, checkRollout);
