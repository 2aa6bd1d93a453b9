import { rollBack } from '../app/steps/rollout-steps.js';
import { WorkflowStep } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

/** State "Roll back" of the update workflow. */
export const handler = stepHandler('roll-back', WorkflowStep, rollBack);
