import { VerificationError } from '../../core/errors.js';
import type { AppDeps } from '../app-deps.js';
import { componentConfig } from '../component-settings.js';
import { journal } from '../workflow-journal.js';

export interface Verification {
  /** The checksum that was verified, or null when the source publishes none. */
  readonly checksum: string | null;
  /** How: `checksum-match` (the source still serves what was first seen) or `unverifiable`. */
  readonly method: 'checksum-match' | 'unverifiable';
}

/**
 * Checks that the candidate is still what was detected: the source still lists it, it has
 * not been yanked since, and its checksum (npm integrity, OCI digest, git object, PyPI sha256)
 * equals the one recorded when it was first seen — a re-published version fails here.
 */
export async function verifyArtifact(deps: AppDeps, input: { readonly workflowId: string }): Promise<Verification> {
  const wf = await journal(deps, input.workflowId, (w) => (w.stage === 'VERIFYING' ? null : { stage: 'VERIFYING' }), {
    type: 'VERIFYING', message: 'Checking the candidate artifact against what was detected',
  });
  const component = await deps.components.get(wf.component);
  const seen = await deps.components.getVersion(wf.component, wf.version);
  const listing = await deps.sources(component.source.type).list(component.source);
  const now = listing.releases.find((r) => r.version === wf.version);
  if (now === undefined) {
    throw new VerificationError(`${wf.component} ${wf.version} is no longer offered by its ${component.source.type} source`);
  }
  if (now.yanked === true) throw new VerificationError(`${wf.component} ${wf.version} was yanked after it was detected`);
  const expected = seen?.checksum ?? wf.release?.checksum;
  if (expected !== undefined && now.checksum !== undefined && expected !== now.checksum) {
    throw new VerificationError(`${wf.component} ${wf.version} changed after it was detected: checksum was ${expected}, is now ${now.checksum}`);
  }
  const checksum = now.checksum ?? expected ?? null;
  const result: Verification = { checksum, method: checksum === null ? 'unverifiable' : 'checksum-match' };
  const simulated = componentConfig(await deps.config.get(), wf.component)?.simulation !== undefined;
  await journal(deps, input.workflowId, () => ({ stage: simulated ? 'SIMULATING' : 'EVALUATING' }), {
    type: 'VERIFIED',
    message: checksum === null ? 'The source publishes no checksum: the artifact could not be verified' : `Checksum ${checksum} matches what was detected`,
    details: { ...result },
  });
  return result;
}
