import { claimDeployment } from '../app/steps/claim-deployment.js';
import { WorkflowStep } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

/** State "Claim deployment slot" of the update workflow: one rollout per component at a time. */
export const handler = stepHandler('claim-deployment', WorkflowStep, claimDeployment);
