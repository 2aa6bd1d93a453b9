import type * as z from 'zod';

/**
 * Checks that span sections of `upkeep.yaml` (a name used in one place must be declared in
 * another). They run even when other parts of the file are broken, so they read the value
 * defensively and only judge what is well-formed.
 */

type Loose = Record<string, unknown>;

function list(value: unknown): Loose[] {
  return Array.isArray(value) ? value.map((item): Loose => (typeof item === 'object' && item !== null ? (item as Loose) : {})) : [];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function quoted(names: Iterable<string>): string {
  const all = [...names];
  return all.length === 0 ? 'none are declared' : all.map((name) => `"${name}"`).join(', ');
}

const DECIDING_ROLES = new Set<unknown>(['approver', 'admin', undefined]);

/** Adds an issue for every dangling reference and impossible approval rule in `config`. */
export function crossCheck(config: unknown, ctx: z.RefinementCtx): void {
  const root = typeof config === 'object' && config !== null ? (config as Loose) : {};
  const components = list(root.components);
  const windows = new Set(strings(list(root.windows).map((w) => w.name)));
  const rollouts = new Set(typeof root.rollouts === 'object' && root.rollouts !== null ? Object.keys(root.rollouts) : []);
  const approvers = list(root.approvers);
  const deciders = new Set(strings(approvers.filter((a) => DECIDING_ROLES.has(a.role)).map((a) => a.email)).map((e) => e.toLowerCase()));
  const add = (path: PropertyKey[], input: unknown, message: string): void => ctx.addIssue({ code: 'custom', path, input, message });

  const needApprovers = (required: unknown, eligible: number, path: PropertyKey[]): void => {
    // No approvers at all is a detection-only setup; asking for more than exist never completes.
    if (typeof required === 'number' && required > eligible && (approvers.length > 0 || required > 1)) {
      add(path, required, `must not exceed the ${eligible} approver(s) who may decide (role approver or admin); add approvers or lower it`);
    }
  };
  const approval = typeof root.approval === 'object' && root.approval !== null ? (root.approval as Loose) : {};
  needApprovers(approval.requiredApprovals, deciders.size, ['approval', 'requiredApprovals']);

  components.forEach((component, index) => {
    strings(component.windows).forEach((name, w) => {
      if (!windows.has(name)) add(['components', index, 'windows', w], name, `must name a window declared under windows (${quoted(windows)})`);
    });
    const override = typeof component.approval === 'object' && component.approval !== null ? (component.approval as Loose) : {};
    const named = strings(override.approvers);
    named.forEach((email, a) => {
      if (!deciders.has(email.toLowerCase())) {
        add(['components', index, 'approval', 'approvers', a], email, `must be the e-mail of an approver declared under approvers with role approver or admin (${quoted(deciders)})`);
      }
    });
    const eligible = named.length > 0 ? new Set(named.map((e) => e.toLowerCase())).size : deciders.size;
    needApprovers(override.requiredApprovals, eligible, ['components', index, 'approval', 'requiredApprovals']);
  });

  list(root.policies).forEach((policy, index) => {
    const actions = typeof policy.actions === 'object' && policy.actions !== null ? (policy.actions as Loose) : {};
    if (typeof actions.rollout === 'string' && !rollouts.has(actions.rollout)) {
      add(['policies', index, 'actions', 'rollout'], actions.rollout, `must name a rollout declared under rollouts (${quoted(rollouts)})`);
    }
  });

  const self = typeof root.selfUpdate === 'object' && root.selfUpdate !== null ? (root.selfUpdate as Loose) : {};
  if (self.enabled === true && typeof self.component === 'string') {
    const upkeep = components.find((c) => c.name === self.component);
    if (upkeep === undefined) {
      add(['selfUpdate', 'component'], self.component, `must name a component declared under components that watches Upkeep's own releases (${quoted(strings(components.map((c) => c.name)))})`);
    } else if (upkeep.pipeline === undefined) {
      add(['selfUpdate', 'component'], self.component, 'must name a component with a pipeline: a self-update ships by running `cdk deploy` in CI');
    }
  }
}
