import { z } from 'zod';
import { requestApproval } from '../app/steps/request-approval.js';
import { stepHandler } from './shared/step-handler.js';

/** State "Request approval" (`.waitForTaskToken`): the token is stored, never logged or mailed. */
export const handler = stepHandler(
  'request-approval',
  z.object({ workflowId: z.string().min(1), taskToken: z.string().min(1), timeoutSeconds: z.number().int().positive() }),
  requestApproval,
);
