import { z } from 'zod';
import { startWorkflow } from '../app/steps/start-workflow.js';
import { stepHandler } from './shared/step-handler.js';

/** State "Record detection": ties the workflow to its execution and plans the route. */
export const handler = stepHandler(
  'start-workflow',
  z.object({ workflowId: z.string().min(1), executionArn: z.string().min(1), executionName: z.string().min(1) }),
  startWorkflow,
);
