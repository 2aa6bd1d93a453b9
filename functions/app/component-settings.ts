import { parseDuration } from '../core/duration.js';
import type { ComponentConfig, UpkeepConfig } from '../core/config/schema.js';
import { DEFAULT_POLICY_SETTINGS, type PolicySettings } from '../core/policy/context.js';
import type { ApprovalRules } from '../core/config/schema.js';

/** A component's configuration, or undefined for one registered through the API only. */
export function componentConfig(config: UpkeepConfig, name: string): ComponentConfig | undefined {
  return config.components.find((c) => c.name === name);
}

/** The approval rules for a component: the top-level rules with its overrides applied. */
export function approvalRules(config: UpkeepConfig, component: ComponentConfig | undefined): ApprovalRules & { approvers: string[] } {
  const override = component?.approval ?? {};
  const rules = { ...config.approval, ...Object.fromEntries(Object.entries(override).filter(([, v]) => v !== undefined)) };
  const deciders = config.approvers.filter((a) => a.role === 'approver' || a.role === 'admin').map((a) => a.email.toLowerCase());
  const narrowed = override.approvers?.map((e) => e.toLowerCase()).filter((e) => deciders.includes(e));
  return { ...rules, approvers: narrowed ?? deciders };
}

/** Seconds in a duration that the schema has already validated. */
export function seconds(text: string): number {
  return parseDuration(text) as number;
}

/** The policy engine's settings from the configuration, narrowed to the component's windows. */
export function policySettings(config: UpkeepConfig, component: ComponentConfig | undefined): PolicySettings {
  const names = component?.windows;
  const windows = names === undefined ? config.windows : config.windows.filter((w) => names.includes(w.name));
  return {
    ...DEFAULT_POLICY_SETTINGS,
    windows,
    freezes: config.freezes,
    businessHours: config.businessHours,
    timezone: config.businessHours.timezone,
    performanceTolerancePercent: component?.simulation?.benchmark?.tolerancePercent ?? DEFAULT_POLICY_SETTINGS.performanceTolerancePercent,
  };
}

/**
 * The buildspec CodeBuild's `BuildspecOverride` takes: a path in the source, or the buildspec's
 * text. An inline buildspec is sent as JSON, which is YAML too (CodeBuild and the local runner
 * read it alike), so that no function needs a YAML writer.
 */
export function buildspecText(component: ComponentConfig | undefined): string {
  const spec = component?.simulation?.buildspec;
  if (spec === undefined) return '';
  return typeof spec === 'string' ? spec : JSON.stringify(spec, null, 2);
}
