import { requestApproval } from '../app/steps/request-approval.js';
import { payload, text, wholeNumber } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

/** State "Request approval" (`.waitForTaskToken`): the token is stored, never logged or mailed. */
export const handler = stepHandler(
  'request-approval',
  payload({ workflowId: text(), taskToken: text(), timeoutSeconds: wholeNumber({ min: 1 }) }),
  requestApproval,
);
