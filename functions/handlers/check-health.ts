import { checkHealth } from '../app/steps/rollout-steps.js';
import { WorkflowStep } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

/** State "Check health" of the update workflow. */
export const handler = stepHandler('check-health', WorkflowStep, checkHealth);
