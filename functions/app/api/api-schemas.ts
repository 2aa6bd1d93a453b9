import type { AnySchema } from '../../core/checks/index.js';
import {
  ApproveBodySchema, CancelBodySchema, CheckUpdatesQuerySchema, EmptyQuerySchema, PendingApprovalsQuerySchema, PolicyToggleBodySchema, ProcessUpdateBodySchema, WorkflowsQuerySchema,
} from './request-schemas.js';
import { PutPolicyBodySchema, RegisterComponentBodySchema } from './document-schemas.js';
import { StateSnapshotSchema } from './state-snapshot-schema.js';

export * from './request-schemas.js';
export * from './document-schemas.js';

/** A route's query or body schema (`request-schemas.ts`, `document-schemas.ts`, `state-snapshot-schema.ts`). */
export type RouteSchema = AnySchema;

/** What the OpenAPI document says about a route, and the schemas its handler validates with. */
export interface RouteSpec {
  readonly summary: string;
  readonly query?: RouteSchema;
  readonly body?: RouteSchema;
  /** The answer's media type. @default 'application/json' */
  readonly produces?: string;
}

/**
 * The request schemas by route key (`METHOD path`): handlers validate with exactly these, and
 * the OpenAPI document (`GET /openapi.json`) is generated from them.
 */
export const API_SCHEMAS: Readonly<Record<string, RouteSpec>> = {
  'POST /api/self-update/start': { summary: 'Start scheduled detection', query: EmptyQuerySchema },
  'POST /api/self-update/stop': { summary: 'Stop scheduled detection (a restart keeps it stopped)', query: EmptyQuerySchema },
  'GET /api/self-update/status': { summary: 'Whether detection runs, its last run, components, pending approvals and statistics', query: EmptyQuerySchema },
  'POST /api/self-update/check-updates': { summary: 'One detection pass now', query: CheckUpdatesQuerySchema },
  'GET /api/self-update/workflows': { summary: 'Workflows, newest first, filtered by stage, component and detection time; paginated', query: WorkflowsQuerySchema },
  'GET /api/self-update/workflows/{id}': { summary: 'One workflow: stages, policy trace, simulation, approvals, rollout, audit events, execution link', query: EmptyQuerySchema },
  'GET /api/self-update/pending-approvals': { summary: 'Workflows awaiting approval', query: PendingApprovalsQuerySchema },
  'POST /api/self-update/approve/{workflowId}': { summary: 'Approve or reject a workflow as the authenticated approver', body: ApproveBodySchema },
  'POST /api/self-update/workflows/{id}/cancel': { summary: 'Cancel a workflow: records CANCELLED with who and why, stops its execution, retires its approval links', body: CancelBodySchema },
  'POST /api/self-update/register-component': { summary: 'Register a component, or record the version now running', body: RegisterComponentBodySchema },
  'POST /api/self-update/process-update': { summary: 'Run one version of a registered component through a workflow now (exactly one per component+version)', body: ProcessUpdateBodySchema },
  'GET /api/self-update/components': { summary: 'Components: current, available, quarantined, high-water mark', query: EmptyQuerySchema },
  'POST /api/self-update/components/{name}/release/{version}': { summary: 'Release a quarantined version so it may be proposed again', query: EmptyQuerySchema },
  'GET /api/self-update/policies': { summary: 'Stored policies with revision and enabled flag', query: EmptyQuerySchema },
  'PUT /api/self-update/policies/{name}': { summary: 'Create or replace a policy (If-Match or body rev to replace)', body: PutPolicyBodySchema },
  'POST /api/self-update/policies/{name}/enable': { summary: 'Enable a policy', body: PolicyToggleBodySchema },
  'POST /api/self-update/policies/{name}/disable': { summary: 'Disable a policy', body: PolicyToggleBodySchema },
  'GET /api/self-update/export-state': { summary: 'A complete, re-importable JSON snapshot (deterministic)', query: EmptyQuerySchema },
  'POST /api/self-update/import-state': { summary: 'Import a snapshot into an empty store (409 otherwise)', body: StateSnapshotSchema },
  'GET /metrics': { summary: 'Prometheus text exposition of the key metrics', query: EmptyQuerySchema, produces: 'text/plain; version=0.0.4' },
  'GET /openapi.json': { summary: 'This document', query: EmptyQuerySchema },
  'GET /api/self-update/workflow-definition': { summary: 'The update workflow\'s state machine definition (ASL JSON), for drawing its graph', query: EmptyQuerySchema },
};

/** The spec of a route, by key; a route without one is documented by its handler name only. */
export function routeSpec(key: string): RouteSpec {
  const spec = API_SCHEMAS[key];
  if (spec === undefined) throw new Error(`no request schemas for ${key}: add them to API_SCHEMAS`);
  return spec;
}
