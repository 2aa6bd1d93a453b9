import { isDeepStrictEqual } from 'node:util';
import type { Output } from '../../core/checks/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import { compareVersions, parseVersion } from '../../core/versions/index.js';
import type { ComponentRecord, SeenVersion } from '../../ports/component-store.js';
import type { AppDeps } from '../app-deps.js';
import type { RegisterComponentBodySchema } from './document-schemas.js';
import { componentStream, recordAction } from './audit-streams.js';
import { isTerminal } from '../workflow-journal.js';
import { allComponents } from './component-list.js';
import { collectPages } from '../collect-pages.js';

/** A component as `GET /api/self-update/components` lists it. */
export interface ComponentView {
  readonly name: string;
  readonly current: string;
  readonly previous: string | null;
  readonly scheme: ComponentRecord['scheme'];
  readonly source: ComponentRecord['source'];
  /** The latest version seen that may be proposed: above `current` and the high-water mark, not quarantined. */
  readonly available: string | null;
  /** The latest version seen at all. */
  readonly latestSeen: string | null;
  readonly quarantined: readonly string[];
  readonly highWaterMark: string | null;
  readonly updatedAt: string;
  readonly rev: number;
}

async function seenVersions(deps: Pick<AppDeps, 'components'>, name: string): Promise<SeenVersion[]> {
  return collectPages((page) => deps.components.listVersions(name, page));
}

export async function listComponents(deps: Pick<AppDeps, 'components'>): Promise<{ items: ComponentView[] }> {
  const components = await allComponents(deps);
  const items = await Promise.all(components.map(async (c) => {
    const seen = (await seenVersions(deps, c.name)).map((v) => v.version).sort((a, b) => compareVersions(a, b, c.scheme));
    const floor = (v: string): boolean => compareVersions(v, c.current, c.scheme) > 0 && (c.highWaterMark === undefined || compareVersions(v, c.highWaterMark, c.scheme) > 0);
    const candidates = seen.filter((v) => floor(v) && !c.quarantined.includes(v));
    return {
      name: c.name, current: c.current, previous: c.previous ?? null, scheme: c.scheme, source: c.source,
      available: candidates.at(-1) ?? null, latestSeen: seen.at(-1) ?? null,
      quarantined: c.quarantined, highWaterMark: c.highWaterMark ?? null, updatedAt: c.updatedAt, rev: c.rev,
    };
  }));
  return { items };
}

export type RegisterRequest = Output<typeof RegisterComponentBodySchema>;

/** How many times a read-modify-write is tried against concurrent writers before a 409. */
const ATTEMPTS = 3;

async function retrying<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= ATTEMPTS) throw error;
    }
  }
}

function checkVersion(version: string, scheme: ComponentRecord['scheme']): void {
  if (parseVersion(version, scheme) === null) {
    throw new ValidationError(`version "${version}" is not a ${scheme} version`, [{ path: 'version', value: version, message: `must be a version of the component's scheme (${scheme}), e.g. "1.2.3"` }]);
  }
}

/**
 * `POST /api/self-update/register-component`: a new component (with its `source`) starts being
 * watched at `version`; for a known one, `version` is recorded as the one now running (say, after
 * a manual deploy), the old one becoming `previous`. Registering the running version again
 * changes nothing. Both are audited in `component:<name>` with who did it.
 */
export async function registerComponent(deps: Pick<AppDeps, 'components' | 'audit' | 'clock'>, request: RegisterRequest, by: string): Promise<{ status: 200 | 201; component: ComponentRecord; changed: boolean }> {
  const name = request.component;
  const existing = await deps.components.get(name).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  const at = deps.clock.now().toISOString();
  if (existing === undefined) {
    if (request.source === undefined) {
      throw new ValidationError(`component ${name} is not registered yet, so its source is needed`, [{ path: 'source', value: '(missing)', message: 'is required for a new component: where its versions appear, e.g. {"type":"npm","package":"left-pad"}' }]);
    }
    const scheme = request.scheme ?? 'auto';
    checkVersion(request.version, scheme);
    const { created, component } = await deps.components.register({ name, current: request.version, scheme, source: request.source, quarantined: [], createdAt: at, updatedAt: at });
    if (!created) throw new ConflictError(`component ${name} was registered by someone else just now; read it and retry`);
    await recordAction(deps, componentStream(name), { type: 'COMPONENT_REGISTERED', actor: by, message: `${by} registered ${name} at ${request.version}${request.reason ? `: ${request.reason}` : ''}`, details: { version: request.version, scheme, source: request.source.type } }, component.rev);
    return { status: 201, component, changed: true };
  }
  if (request.source !== undefined && !isDeepStrictEqual(request.source, existing.source)) {
    throw new ValidationError(`component ${name} is registered; its source is not changed here`, [{ path: 'source', value: request.source.type, message: 'is only for a new component; change a known component\'s source in upkeep.yaml' }]);
  }
  if (request.scheme !== undefined && request.scheme !== existing.scheme) {
    throw new ValidationError(`component ${name} reads versions as ${existing.scheme}`, [{ path: 'scheme', value: request.scheme, message: `is only for a new component; ${name} uses ${existing.scheme}` }]);
  }
  checkVersion(request.version, existing.scheme);
  if (existing.quarantined.includes(request.version)) {
    throw new ValidationError(`${name} ${request.version} is quarantined`, [{ path: 'version', value: request.version, message: `is quarantined; release it first (POST /api/self-update/components/${name}/release/${request.version})` }]);
  }
  if (existing.current === request.version) return { status: 200, component: existing, changed: false };
  const updated = await retrying(async () => {
    const c = await deps.components.get(name);
    return deps.components.update({ ...c, previous: c.current, current: request.version, updatedAt: at });
  });
  await recordAction(deps, componentStream(name), {
    type: 'VERSION_REGISTERED', actor: by, message: `${by} recorded ${name} ${request.version} as running (was ${updated.previous ?? existing.current})${request.reason ? `: ${request.reason}` : ''}`,
    details: { version: request.version, previous: updated.previous ?? existing.current },
  }, updated.rev);
  return { status: 200, component: updated, changed: true };
}

/**
 * `POST /api/self-update/components/{name}/release/{version}`: an operator lets a quarantined
 * version be proposed again. `NotFoundError` when the component is unknown or the version is
 * not quarantined.
 */
export async function releaseVersion(deps: Pick<AppDeps, 'components' | 'audit' | 'clock' | 'workflows'>, name: string, version: string, by: string): Promise<ComponentRecord> {
  const at = deps.clock.now().toISOString();
  const released = await retrying(async () => {
    const c = await deps.components.get(name);
    if (!c.quarantined.includes(version)) {
      throw new NotFoundError(`${version} of ${name} is not quarantined (quarantined: ${c.quarantined.join(', ') || 'none'})`, { context: { component: name, version } });
    }
    return deps.components.update({ ...c, quarantined: c.quarantined.filter((v) => v !== version), updatedAt: at });
  });
  // The rolled-back workflow keeps its record; the pair is freed so the next detection can try the version again.
  const previous = await deps.workflows.findId(name, version);
  const retired = previous !== undefined && isTerminal((await deps.workflows.get(previous)).stage) && await deps.workflows.retire(name, version, previous);
  await recordAction(deps, componentStream(name), {
    type: 'RELEASED', actor: by, message: `${by} released ${name} ${version} from quarantine${retired ? `; the next detection may start a new workflow for it (workflow ${previous} stays on record)` : ''}`,
    details: { version, ...(retired ? { retiredWorkflowId: previous } : {}) },
  }, released.rev);
  return released;
}
