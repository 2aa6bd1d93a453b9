import { startWorkflow } from '../app/steps/start-workflow.js';
import { payload, text } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

/** State "Record detection": ties the workflow to its execution and plans the route. */
export const handler = stepHandler(
  'start-workflow',
  payload({ workflowId: text(), executionArn: text(), executionName: text() }),
  startWorkflow,
);
