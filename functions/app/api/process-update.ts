import { compareComponent } from '../../core/comparison.js';
import { ValidationError } from '../../core/errors.js';
import { classifyPriority } from '../../core/priority.js';
import type { ReleaseInfo } from '../../core/types.js';
import type { AppDeps } from '../app-deps.js';
import { startUpdateWorkflow } from '../start-update-workflow.js';
import type { ProcessUpdateBodySchema } from './api-schemas.js';
import type { Output } from '../../core/checks/index.js';
import { summarize, type WorkflowSummary } from './workflow-queries.js';

export type ProcessUpdateRequest = Output<typeof ProcessUpdateBodySchema>;

/** What `POST /api/self-update/process-update` answers. */
export interface ProcessUpdateResult {
  /** True when this request created the workflow; false when one for this component+version existed. */
  readonly created: boolean;
  /** True when this request started its execution. */
  readonly started: boolean;
  readonly workflow: WorkflowSummary;
}

/**
 * The seed's `process_update(version_info)`: records `version` of a registered component as
 * seen and runs it through exactly one workflow, by the same path detection takes
 * (`startUpdateWorkflow`). The version must be one detection could propose: newer than the
 * running one, above the high-water mark, not quarantined. Asking again for the same version
 * answers its workflow (`created: false`) and starts nothing. The caller is recorded as the
 * workflow's `requestedBy` and the `DETECTED` event's actor.
 * Errors: `NotFoundError` (unknown component), `ValidationError` (a version that cannot be
 * proposed, or a checksum that contradicts the one first seen).
 *
 * @example
 * ```ts
 * const { workflow, created } = await processUpdate(deps, { component: 'payments', version: '2.0.0' }, 'ana@example.com');
 * ```
 */
export async function processUpdate(deps: AppDeps, request: ProcessUpdateRequest, by: string): Promise<{ status: 200 | 201; result: ProcessUpdateResult }> {
  const component = await deps.components.get(request.component);
  const seen = await deps.components.getVersion(component.name, request.version);
  if (seen?.checksum !== undefined && request.checksum !== undefined && seen.checksum !== request.checksum) {
    throw new ValidationError(`${component.name} ${request.version} was first seen with checksum ${seen.checksum}`, [
      { path: 'checksum', value: request.checksum, message: `differs from the checksum first seen (${seen.checksum}); leave it out or send that one` },
    ]);
  }
  // What the source said when the version was first seen wins over what the caller adds.
  const known: Partial<ReleaseInfo> = seen === undefined ? {} : (({ component: _c, firstSeenAt: _f, advisoriesCheckedAt: _a, ...release }) => release)(seen);
  const release: ReleaseInfo = {
    ...known,
    version: request.version,
    ...(known.changelog === undefined && request.changelog !== undefined ? { changelog: request.changelog } : {}),
    ...(known.checksum === undefined && request.checksum !== undefined ? { checksum: request.checksum } : {}),
  };
  const now = deps.clock.now();
  const comparison = compareComponent({
    name: component.name, current: component.current, scheme: component.scheme, quarantined: component.quarantined,
    ...(component.allowPrerelease ? { allowPrerelease: true } : {}), ...(component.highWaterMark ? { highWaterMark: component.highWaterMark } : {}),
  }, [release], now);
  if (comparison.available !== release.version || comparison.release === null) {
    const why = comparison.skipped.find((s) => s.version === release.version)?.reason ?? `is not newer than the running ${component.current}`;
    throw new ValidationError(`${component.name} ${request.version} cannot be proposed: ${why}`, [
      { path: 'version', value: request.version, message: `${why}; propose a version detection could offer (see GET /api/self-update/components)` },
    ]);
  }
  const priority = classifyPriority({ comparison }, now);
  const started = await startUpdateWorkflow(deps, { component, release: comparison.release, comparison, priority }, { actor: by, how: `proposed by ${by}${request.reason ? ` (${request.reason})` : ''}`, requestedBy: by });
  const workflow = summarize(await deps.workflows.get(started.workflowId));
  return { status: started.created ? 201 : 200, result: { created: started.created, started: started.started, workflow } };
}
