import type { ApprovalStore } from '../ports/approval-store.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { BuildRunner } from '../ports/build-runner.js';
import type { Clock } from '../ports/clock.js';
import type { ComponentStore } from '../ports/component-store.js';
import type { ConfigProvider } from '../ports/config-provider.js';
import type { Deployer } from '../ports/deployer.js';
import type { DeploymentQueue } from '../ports/deployment-queue.js';
import type { DetectionControl } from '../ports/detection-control.js';
import type { ExecutionEngine } from '../ports/execution-engine.js';
import type { Notifier } from '../ports/notifier.js';
import type { PipelineTrigger } from '../ports/pipeline-trigger.js';
import type { PolicyStore } from '../ports/policy-store.js';
import type { Secrets } from '../ports/secrets.js';
import type { VersionSource } from '../ports/version-source.js';
import type { WorkflowStore } from '../ports/workflow-store.js';
import type { PipelineConfig } from '../core/config/schema.js';
import type { SourceType } from '../core/config/source-schema.js';
import type { Detector } from './detector.js';

/**
 * Every port the use cases need. The composition root (`functions/handlers/deps.ts`) builds
 * one of these per runtime; tests build one from in-memory fakes.
 */
export interface AppDeps {
  readonly workflows: WorkflowStore;
  readonly audit: AuditLog;
  readonly components: ComponentStore;
  readonly policies: PolicyStore;
  readonly approvals: ApprovalStore;
  readonly config: ConfigProvider;
  readonly clock: Clock;
  readonly builds: BuildRunner;
  readonly deployer: Deployer;
  /** Each component's deployment slot: one rollout at a time, later versions supersede queued ones. */
  readonly deploymentQueue: DeploymentQueue;
  /** The CI provider for a component's pipeline configuration. */
  readonly pipelines: (pipeline: PipelineConfig) => PipelineTrigger;
  readonly notifier: Notifier;
  readonly sources: (type: SourceType) => VersionSource;
  readonly engine: ExecutionEngine;
  /** Scheduled detection on/off (`POST /api/self-update/start|stop`) and its last run. */
  readonly detection: DetectionControl;
  /** Detection on request (`POST /check-updates`, `/process-update`, webhooks), run where the sources are. */
  readonly detector: Detector;
  /** Base URL of the API, for links in emails (approval pages, workflow pages). */
  readonly apiUrl: string;
  /** Base URL of the dashboard, for workflow links in emails. @default - `apiUrl`: local mode serves the dashboard there */
  readonly dashboardUrl?: string;
  /** Seconds between polls of pipelines and rollouts. */
  readonly pollSeconds: number;
  /** Secrets by name, for verifying webhook deliveries. @default - none: webhooks answer 500 */
  readonly secrets?: Secrets;
}
