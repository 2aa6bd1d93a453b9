import { recordOutcome } from '../app/steps/record-outcome.js';
import { TERMINAL_STAGES } from '../core/types.js';
import { object, oneOf, optional, optionalString, payload, text } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

/** The "Record …" states: every way a workflow ends. */
export const handler = stepHandler(
  'record-outcome',
  payload({
    workflowId: text(),
    outcome: oneOf(TERMINAL_STAGES),
    error: optional(object({ Error: optionalString(), Cause: optionalString() })),
  }),
  recordOutcome,
);
