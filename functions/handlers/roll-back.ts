import { rollBack } from '../app/steps/rollout-steps.js';
import { WorkflowStep, stepHandler } from './shared/step-handler.js';

/** State "Roll back" of the update workflow. */
export const handler = stepHandler('roll-back', WorkflowStep, rollBack);
