import { createHash, randomUUID } from 'node:crypto';
import type { Policy } from '../../functions/core/policy/policy-schema.js';
import type { Stage } from '../../functions/core/types.js';
import type { NewApproval } from '../../functions/ports/approval-store.js';
import type { NewComponent } from '../../functions/ports/component-store.js';
import type { NewWorkflow } from '../../functions/ports/workflow-store.js';

/** A fixed instant plus `seconds`, as `Date#toISOString` writes it. */
export function instant(seconds = 0): string {
  return new Date(Date.UTC(2025, 0, 15, 12, 0, 0) + seconds * 1000).toISOString();
}

/** A short unique name, so tests sharing a table never meet. */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A freshly detected workflow; `overrides` win. */
export function aNewWorkflow(overrides: Partial<NewWorkflow> = {}): NewWorkflow {
  const at = overrides.createdAt ?? instant();
  const stage: Stage = overrides.stage ?? 'DETECTED';
  return {
    id: randomUUID(),
    component: 'api',
    version: '1.5.0',
    fromVersion: '1.4.0',
    stage,
    createdAt: at,
    updatedAt: at,
    release: { version: '1.5.0', checksum: 'sha256:abc', releasedAt: instant(-86_400) },
    history: [{ stage, at }],
    ...overrides,
  };
}

/** A registered component. */
export function aNewComponent(overrides: Partial<NewComponent> = {}): NewComponent {
  return {
    name: unique('comp'),
    current: '1.4.0',
    scheme: 'semver',
    source: { type: 'npm', package: 'left-pad', registry: 'http://127.0.0.1:1' },
    quarantined: [],
    createdAt: instant(),
    updatedAt: instant(),
    ...overrides,
  };
}

/** A decision policy as the schema leaves it after defaults. */
export function aPolicy(overrides: Partial<Policy> = {}): Policy {
  return {
    name: unique('policy'),
    description: 'patches ship on their own',
    enabled: true,
    priority: 100,
    conditions: { update_type: ['patch'] },
    actions: { decision: 'AUTO_APPROVE' },
    ...overrides,
  };
}

/** A pending approval and the link secret behind it. */
export function anApproval(overrides: Partial<NewApproval> = {}): { readonly secret: string; readonly approval: NewApproval } {
  const secret = randomUUID() + randomUUID();
  return {
    secret,
    approval: {
      secretHash: createHash('sha256').update(secret).digest('hex'),
      workflowId: randomUUID(),
      approver: 'ops@example.com',
      taskToken: `token-${randomUUID()}`,
      csrfBinding: `csrf-${randomUUID()}`,
      createdAt: instant(),
      expiresAt: instant(3600),
      ...overrides,
    },
  };
}
