import { checkPipeline } from '../app/steps/pipeline-steps.js';
import { WorkflowStep } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

/** State "Check pipeline" of the update workflow. */
export const handler = stepHandler('check-pipeline', WorkflowStep, checkPipeline);
