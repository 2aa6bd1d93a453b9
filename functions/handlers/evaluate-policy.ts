import { evaluatePolicy } from '../app/steps/evaluate-policy.js';
import { WorkflowStep } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

/** State "Evaluate policy" of the update workflow. */
export const handler = stepHandler('evaluate-policy', WorkflowStep, evaluatePolicy);
