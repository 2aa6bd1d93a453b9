import { isDeepStrictEqual } from 'node:util';
import { ConflictError, NotFoundError } from '../core/errors.js';
import type { AppDeps } from './app-deps.js';
import { configPolicies } from './config-policies.js';

export interface SeedReport {
  readonly componentsAdded: string[];
  readonly componentsUpdated: string[];
  readonly policiesAdded: string[];
  readonly policiesUpdated: string[];
  /** Policies changed through the API since they were seeded: the API's version stands. */
  readonly policiesKept: string[];
}

/**
 * Brings the table in line with `upkeep.yaml` (at `upkeep start`, or at deploy time in AWS):
 * new components are registered at their configured version; known ones get their configured
 * source and settings but keep their running state (current version, high-water mark,
 * quarantine), which Upkeep itself moves. Policies from the file are added or updated, except
 * those someone changed through the API since.
 */
export async function seedFromConfig(deps: Pick<AppDeps, 'config' | 'components' | 'policies' | 'clock'>): Promise<SeedReport> {
  const config = await deps.config.get();
  const at = deps.clock.now().toISOString();
  const report: SeedReport = { componentsAdded: [], componentsUpdated: [], policiesAdded: [], policiesUpdated: [], policiesKept: [] };
  for (const c of config.components) {
    const configured = {
      scheme: c.scheme, source: c.source, ...(c.allowPrerelease ? { allowPrerelease: true } : {}), ...(c.deploy ? { deploy: c.deploy as unknown as Record<string, unknown> } : {}),
    };
    const { created, component } = await deps.components.register({
      name: c.name, current: c.current, quarantined: c.quarantined, createdAt: at, updatedAt: at, ...configured,
      ...(c.highWaterMark ? { highWaterMark: c.highWaterMark } : {}),
    });
    if (created) {
      report.componentsAdded.push(c.name);
      continue;
    }
    const { allowPrerelease: _a, deploy: _d, ...rest } = component;
    const next = { ...rest, ...configured, quarantined: [...new Set([...component.quarantined, ...c.quarantined])] };
    if (!isDeepStrictEqual(next, component)) {
      await deps.components.update({ ...next, updatedAt: at });
      report.componentsUpdated.push(c.name);
    }
  }
  for (const policy of configPolicies(config)) {
    try {
      const stored = await deps.policies.get(policy.name);
      if (isDeepStrictEqual(stored.policy, policy)) continue;
      if (stored.updatedBy !== 'config') {
        report.policiesKept.push(policy.name);
        continue;
      }
      await deps.policies.put(policy, { at, by: 'config', expectedRev: stored.rev });
      report.policiesUpdated.push(policy.name);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      try {
        await deps.policies.put(policy, { at, by: 'config' });
        report.policiesAdded.push(policy.name);
      } catch (raced) {
        if (!(raced instanceof ConflictError)) throw raced;
      }
    }
  }
  return report;
}
