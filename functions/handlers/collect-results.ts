import { collectResults } from '../app/steps/collect-results.js';
import { object, optional, optionalString, payload, text } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

/** States "Collect simulation results" and "Collect failed simulation". */
export const handler = stepHandler(
  'collect-results',
  payload({
    workflowId: text(),
    buildId: optional(text()),
    buildStatus: optionalString(),
    failure: optional(object({ Error: optionalString(), Cause: optionalString() })),
  }),
  collectResults,
);
