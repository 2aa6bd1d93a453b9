import { triggerPipeline } from '../app/steps/pipeline-steps.js';
import { WorkflowStep } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

/** State "Trigger pipeline" of the update workflow. */
export const handler = stepHandler('trigger-pipeline', WorkflowStep, triggerPipeline);
