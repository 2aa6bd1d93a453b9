import { ConflictError } from '../../core/errors.js';
import type { AuditEvent, WorkflowRecord } from '../../core/workflow-types.js';
import type { ComponentRecord, SeenVersion } from '../../ports/component-store.js';
import type { StoredPolicy } from '../../ports/policy-store.js';
import type { AppDeps } from '../app-deps.js';
import { SYSTEM_STREAM, componentStream, policyStream } from './audit-streams.js';
import { allComponents } from './component-list.js';
import { parseInput } from './input.js';
import { SNAPSHOT_FORMAT, StateSnapshotSchema } from './state-snapshot-schema.js';
import { allEvents, allWorkflows } from './workflow-queries.js';
import { collectPages } from '../collect-pages.js';

type SnapshotDeps = Pick<AppDeps, 'components' | 'policies' | 'workflows' | 'audit'>;

/** The snapshot as written: records verbatim (`GET /api/self-update/export-state`). */
export interface StateDocument {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly components: readonly ComponentRecord[];
  readonly versions: readonly SeenVersion[];
  readonly policies: readonly StoredPolicy[];
  readonly workflows: readonly WorkflowRecord[];
  readonly events: readonly AuditEvent[];
}

/** `value` with every object's keys sorted, so equal data always serialises to equal text. */
export function canonical<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => canonical(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)])) as T;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function allVersions(deps: SnapshotDeps, component: string): Promise<SeenVersion[]> {
  return collectPages((page) => deps.components.listVersions(component, page));
}

/**
 * A complete snapshot of the store: components, seen versions, policies, workflows and every
 * audit event, in a fixed order with sorted keys and nothing volatile (no export time), so the
 * same state always gives the same document. Approval links are left out: they hold task
 * tokens, which mean nothing outside the execution that issued them.
 */
export async function exportState(deps: SnapshotDeps): Promise<StateDocument> {
  const components = (await allComponents(deps)).sort((a, b) => byText(a.name, b.name));
  const versions = (await Promise.all(components.map((c) => allVersions(deps, c.name))))
    .flat()
    .sort((a, b) => byText(a.component, b.component) || byText(a.version, b.version));
  const policies = [...(await deps.policies.list())].sort((a, b) => byText(a.policy.name, b.policy.name));
  const workflows = (await allWorkflows(deps)).sort((a, b) => byText(a.createdAt, b.createdAt) || byText(a.id, b.id));
  const streams = [SYSTEM_STREAM, ...components.map((c) => componentStream(c.name)), ...policies.map((p) => policyStream(p.policy.name)), ...workflows.map((w) => w.id)];
  const events = (await Promise.all(streams.map((s) => allEvents(deps, s)))).flat();
  return canonical({ format: SNAPSHOT_FORMAT, components, versions, policies, workflows, events });
}

/** What an import wrote. */
export interface ImportReport {
  readonly components: number;
  readonly versions: number;
  readonly policies: number;
  readonly workflows: number;
  readonly events: number;
}

/**
 * Why the store is not empty, or undefined when it is. Empty means nothing has happened yet:
 * no workflows, no seen versions, no audit events, no policy changed through the API. The
 * components and policies seeded from `upkeep.yaml` at start do not count — the snapshot's
 * replace them.
 */
async function notEmpty(deps: SnapshotDeps, components: readonly ComponentRecord[], policies: readonly StoredPolicy[]): Promise<string | undefined> {
  if ((await deps.workflows.listRecent({ limit: 1 })).items.length > 0) return 'it holds workflows';
  if ((await deps.audit.list(SYSTEM_STREAM, { limit: 1 })).items.length > 0) return 'detection was started or stopped';
  for (const c of components) {
    if ((await deps.components.listVersions(c.name, { limit: 1 })).items.length > 0) return `versions of ${c.name} were seen`;
    if ((await deps.audit.list(componentStream(c.name), { limit: 1 })).items.length > 0) return `${c.name} was registered or released through the API`;
  }
  for (const p of policies) {
    if (p.updatedBy !== 'config' || (await deps.audit.list(policyStream(p.policy.name), { limit: 1 })).items.length > 0) return `policy ${p.policy.name} was changed through the API`;
  }
  return undefined;
}

/**
 * `POST /api/self-update/import-state`: restores a snapshot verbatim (revisions, timestamps and
 * audit events included) into an empty store, so that exporting afterwards gives the same
 * document. Validated whole before anything is written; `ConflictError` (409) when the store is
 * not empty. Imported workflows that were mid-flight are resumed by the local runtime's next
 * start (from their checkpoint); nothing else restarts them.
 */
export async function importState(deps: SnapshotDeps, input: unknown): Promise<ImportReport> {
  parseInput(StateSnapshotSchema, input, 'state snapshot');
  // Write what was sent, not zod's copy: records go back exactly as they were exported.
  const doc = input as StateDocument;
  const components = await allComponents(deps);
  const policies = await deps.policies.list();
  const why = await notEmpty(deps, components, policies);
  if (why !== undefined) {
    throw new ConflictError(`import-state needs an empty store, but ${why}; import into a fresh data directory (or table) before anything runs there`);
  }
  const revOf = new Map(components.map((c) => [c.name, c.rev]));
  for (const c of doc.components) await deps.components.restore(c, revOf.get(c.name));
  for (const v of doc.versions) await deps.components.recordVersion(v);
  const policyRev = new Map(policies.map((p) => [p.policy.name, p.rev]));
  for (const p of doc.policies) await deps.policies.restore(p, policyRev.get(p.policy.name));
  for (const w of doc.workflows) await deps.workflows.restore(w);
  for (const e of doc.events) await deps.audit.append(e);
  return { components: doc.components.length, versions: doc.versions.length, policies: doc.policies.length, workflows: doc.workflows.length, events: doc.events.length };
}
