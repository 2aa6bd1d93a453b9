import type { AppDeps } from '../../../functions/app/app-deps.js';
import { InProcessDetector } from '../../../functions/app/in-process-detector.js';
import type { ComponentInput, UpkeepConfigInput } from '../../../functions/core/config/schema.js';
import type { ComponentRecord } from '../../../functions/ports/component-store.js';
import { FakeBuildRunner } from './fake-build-runner.js';
import { FakeDeployer } from './fake-deployer.js';
import { FakeDetectionControl } from './fake-detection-control.js';
import { FakeExecutionEngine } from './fake-execution-engine.js';
import { FakePipelineTrigger } from './fake-pipeline-trigger.js';
import { FakeVersionSource } from './fake-version-source.js';
import { InMemoryDeploymentQueue } from './in-memory-deployment-queue.js';
import { InMemoryApprovalStore } from './in-memory-approval-store.js';
import { InMemoryAuditLog } from './in-memory-audit-log.js';
import { InMemoryComponentStore } from './in-memory-component-store.js';
import { InMemoryPolicyStore } from './in-memory-policy-store.js';
import { InMemoryWorkflowStore } from './in-memory-workflow-store.js';
import { ManualClock } from './manual-clock.js';
import { RecordingNotifier } from './recording-notifier.js';
import { StaticConfigProvider } from './static-config-provider.js';

export { FakeBuildRunner, PASSING_SIMULATION } from './fake-build-runner.js';
export { DEFAULT_ROLLOUT, FakeDeployer, type RolloutStep } from './fake-deployer.js';
export { FakeDetectionControl } from './fake-detection-control.js';
export { FAKE_STATE_MACHINE_ARN, FakeExecutionEngine, StepFunctionsError, arnOf, type TaskCall } from './fake-execution-engine.js';
export { DEFAULT_RUN, FakePipelineTrigger, type PipelineStep } from './fake-pipeline-trigger.js';
export { FakeVersionSource, sourceKey } from './fake-version-source.js';
export { InMemoryApprovalStore } from './in-memory-approval-store.js';
export { InMemoryAuditLog } from './in-memory-audit-log.js';
export { InMemoryDeploymentQueue } from './in-memory-deployment-queue.js';
export { InMemoryComponentStore } from './in-memory-component-store.js';
export { InMemoryPolicyStore } from './in-memory-policy-store.js';
export { InMemoryWorkflowStore } from './in-memory-workflow-store.js';
export { FixedClock, ManualClock, TEST_NOW } from './manual-clock.js';
export { RecordingNotifier } from './recording-notifier.js';
export { StaticConfigProvider } from './static-config-provider.js';
// The two ports outside AppDeps already have test-grade implementations: reuse them.
export { FakeSecrets } from '../fake-secrets.js';
export { MemoryHttpCache } from '../../../functions/adapters/local/memory-http-cache.js';

/** The approvers {@link testConfig} declares: two who decide, one who only looks. */
export const TEST_APPROVERS = ['ana@example.com', 'ben@example.com'] as const;
export const TEST_VIEWER = 'vic@example.com';

/** A minimal valid component: `api` at 1.4.0 from npm; `partial` wins. */
export function testComponent(partial: Partial<ComponentInput> = {}): ComponentInput {
  return { name: 'api', current: '1.4.0', source: { type: 'npm', package: 'api', registry: 'https://registry.example.test' }, ...partial };
}

/**
 * A minimal valid `upkeep.yaml` as an object: one component ({@link testComponent}) and the
 * approvers {@link TEST_APPROVERS} plus a viewer; top-level keys of `partial` replace these.
 */
export function testConfig(partial: Partial<UpkeepConfigInput> = {}): UpkeepConfigInput {
  return {
    version: 1,
    components: [testComponent()],
    approvers: [...TEST_APPROVERS.map((email) => ({ email, role: 'approver' as const })), { email: TEST_VIEWER, role: 'viewer' }],
    ...partial,
  };
}

/** {@link AppDeps} built from fakes, typed as the fakes so tests can script and inspect them. */
export interface FakeAppDeps extends AppDeps {
  readonly workflows: InMemoryWorkflowStore;
  readonly audit: InMemoryAuditLog;
  readonly components: InMemoryComponentStore;
  readonly policies: InMemoryPolicyStore;
  readonly approvals: InMemoryApprovalStore;
  readonly config: StaticConfigProvider;
  readonly clock: ManualClock;
  readonly builds: FakeBuildRunner;
  readonly deployer: FakeDeployer;
  readonly deploymentQueue: InMemoryDeploymentQueue;
  readonly notifier: RecordingNotifier;
  readonly engine: FakeExecutionEngine;
  readonly detection: FakeDetectionControl;
  /** The trigger `pipelines(config)` hands out for every pipeline configuration. */
  readonly pipeline: FakePipelineTrigger;
  /** The source `sources(type)` hands out (a view per type, sharing one script). */
  readonly source: FakeVersionSource;
}

export type FakeAppDepsOverrides = Partial<Omit<FakeAppDeps, 'pipelines' | 'sources'>>;

/**
 * A complete {@link AppDeps} of fresh fakes sharing one {@link ManualClock} (at `TEST_NOW`)
 * and the configuration {@link testConfig}; `overrides` replace any of them.
 *
 * @example
 * ```ts
 * const deps = fakeAppDeps({ config: new StaticConfigProvider(testConfig({ approval: { requiredApprovals: 2 } })) });
 * await seedComponents(deps);
 * deps.source.publish('api', [{ version: '1.4.1' }]);
 * ```
 */
export function fakeAppDeps(overrides: FakeAppDepsOverrides = {}): FakeAppDeps {
  const clock = overrides.clock ?? new ManualClock();
  const pipeline = overrides.pipeline ?? new FakePipelineTrigger();
  const source = overrides.source ?? new FakeVersionSource();
  const deps: FakeAppDeps = {
    workflows: new InMemoryWorkflowStore(),
    audit: new InMemoryAuditLog(),
    components: new InMemoryComponentStore(),
    policies: new InMemoryPolicyStore(),
    approvals: new InMemoryApprovalStore(),
    config: new StaticConfigProvider(testConfig()),
    builds: new FakeBuildRunner(clock),
    deployer: new FakeDeployer(clock),
    deploymentQueue: new InMemoryDeploymentQueue(),
    notifier: new RecordingNotifier(),
    engine: new FakeExecutionEngine(clock),
    detection: new FakeDetectionControl(),
    // Detection on request runs on these very fakes, as local mode runs it in-process.
    detector: new InProcessDetector(() => deps),
    apiUrl: 'https://upkeep.example.test/api/self-update',
    pollSeconds: 30,
    ...overrides,
    clock,
    pipeline,
    source,
    pipelines: (config) => pipeline.forConfig(config),
    sources: (type) => source.ofType(type),
  };
  return deps;
}

/** Registers every configured component in the component store, as deploying the config seeds it. */
export async function seedComponents(deps: Pick<FakeAppDeps, 'components' | 'config' | 'clock'>): Promise<ComponentRecord[]> {
  const at = deps.clock.now().toISOString();
  const config = await deps.config.get();
  const registered: ComponentRecord[] = [];
  for (const c of config.components) {
    const { component } = await deps.components.register({
      name: c.name, current: c.current, scheme: c.scheme, source: c.source, quarantined: c.quarantined, createdAt: at, updatedAt: at,
      ...(c.allowPrerelease ? { allowPrerelease: true } : {}),
      ...(c.highWaterMark !== undefined ? { highWaterMark: c.highWaterMark } : {}),
      ...(c.deploy !== undefined ? { deploy: c.deploy } : {}),
    });
    registered.push(component);
  }
  return registered;
}
