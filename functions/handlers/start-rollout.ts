import { startRollout } from '../app/steps/rollout-steps.js';
import { WorkflowStep } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

/** State "Roll out" of the update workflow. */
export const handler = stepHandler('start-rollout', WorkflowStep, startRollout);
