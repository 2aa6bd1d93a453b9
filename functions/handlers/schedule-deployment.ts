import { scheduleDeployment } from '../app/steps/schedule-deployment.js';
import { WorkflowStep } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

/** State "Schedule deployment" of the update workflow. */
export const handler = stepHandler('schedule-deployment', WorkflowStep, scheduleDeployment);
