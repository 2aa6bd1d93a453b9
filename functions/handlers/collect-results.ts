import { z } from 'zod';
import { collectResults } from '../app/steps/collect-results.js';
import { stepHandler } from './shared/step-handler.js';

/** States "Collect simulation results" and "Collect failed simulation". */
export const handler = stepHandler(
  'collect-results',
  z.object({
    workflowId: z.string().min(1),
    buildId: z.string().min(1).optional(),
    buildStatus: z.string().optional(),
    failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
  }),
  collectResults,
);
