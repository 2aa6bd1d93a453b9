import { verifyArtifact } from '../app/steps/verify-artifact.js';
import { WorkflowStep } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

/** State "Verify artifact" of the update workflow. */
export const handler = stepHandler('verify-artifact', WorkflowStep, verifyArtifact);
