import { scheduleDeployment } from '../app/steps/schedule-deployment.js';
import { WorkflowStep, stepHandler } from './shared/step-handler.js';

/** State "Schedule deployment" of the update workflow. */
export const handler = stepHandler('schedule-deployment', WorkflowStep, scheduleDeployment);
