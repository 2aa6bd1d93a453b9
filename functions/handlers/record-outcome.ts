import { z } from 'zod';
import { recordOutcome } from '../app/steps/record-outcome.js';
import { TERMINAL_STAGES } from '../core/types.js';
import { stepHandler } from './shared/step-handler.js';

/** The "Record …" states: every way a workflow ends. */
export const handler = stepHandler(
  'record-outcome',
  z.object({
    workflowId: z.string().min(1),
    outcome: z.enum(TERMINAL_STAGES),
    error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
  }),
  recordOutcome,
);
