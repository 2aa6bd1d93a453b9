import { startRollout } from '../app/steps/rollout-steps.js';
import { WorkflowStep, stepHandler } from './shared/step-handler.js';

/** State "Roll out" of the update workflow. */
export const handler = stepHandler('start-rollout', WorkflowStep, startRollout);
