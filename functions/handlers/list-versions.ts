import { answerListingBatch } from '../adapters/aws/listing-batches.js';
import { SOURCE_TYPES } from '../adapters/sources/source-types.js';
import type { SourceConfig } from '../core/config/source-schema.js';
import { listOf, object, payload, tagged, text } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

/**
 * A component whose listing takes longer is answered as a `TransientError`, in time for the
 * others to be answered before the function's own timeout (270 s, `handler-catalog.ts`).
 */
const COMPONENT_TIMEOUT_MS = 240_000;

/**
 * The listings of one source type, for the functions that do not list themselves (the detector
 * and the artifact check, through `LambdaVersionSources`). The stack deploys it once per source
 * type, each bundle with that type's source only; it answers a batch of components at once.
 */
export const handler = stepHandler(
  'list-versions',
  payload({ components: listOf(object({ name: text(), source: tagged<SourceConfig>('type', SOURCE_TYPES) }), { min: 1 }) }),
  (deps, request) => answerListingBatch(deps.sources, request, { componentTimeoutMs: COMPONENT_TIMEOUT_MS }),
);
