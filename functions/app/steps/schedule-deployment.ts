import { ValidationError } from '../../core/errors.js';
import { activeFreeze, earliestAllowed } from '../../core/windows.js';
import type { AppDeps } from '../app-deps.js';
import { componentConfig, policySettings } from '../component-settings.js';
import { journal } from '../workflow-journal.js';

/**
 * Fixes when the rollout may start: now, or the next opening of the component's deployment
 * windows outside any freeze that blocks its priority. Computed after approval (which may
 * have taken hours), not at evaluation. The emergency lane skips the window, never a freeze.
 */
export async function scheduleDeployment(deps: AppDeps, input: { readonly workflowId: string }): Promise<{ readonly notBefore: string }> {
  const wf = await deps.workflows.get(input.workflowId);
  const now = deps.clock.now();
  const config = await deps.config.get();
  const settings = policySettings(config, componentConfig(config, wf.component));
  const priority = wf.priority?.priority ?? 'LOW';
  const bypass = wf.evaluation?.bypassWindow === true;
  const at = bypass ? (activeFreeze(now, settings.freezes, priority) === null ? now : earliestAllowed(now, [], settings.freezes, priority)) : earliestAllowed(now, settings.windows, settings.freezes, priority);
  if (at === null) {
    throw new ValidationError(`no deployment window for ${wf.component} opens outside a freeze within the next 400 days; check windows and freezes in upkeep.yaml`);
  }
  const notBefore = at.toISOString();
  const waiting = at.getTime() > now.getTime();
  await journal(deps, input.workflowId, () => ({ stage: 'SCHEDULED' }), {
    type: 'SCHEDULED',
    message: waiting ? `Waiting for the deployment window: rollout starts at ${notBefore}` : `Rollout may start now${bypass ? ' (emergency lane: window skipped)' : ''}`,
    details: { notBefore, emergency: bypass },
  });
  return { notBefore };
}
