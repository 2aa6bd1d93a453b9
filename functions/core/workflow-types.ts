import type {
  PolicyEvaluation, PriorityClassification, ReleaseInfo, SimulationResult, Stage, VersionComparison,
} from './types.js';

/** A recorded stage change. */
export interface StageEntry {
  readonly stage: Stage;
  /** ISO instant. */
  readonly at: string;
  readonly reason?: string;
}

/** An approver's decision on a workflow. */
export interface ApprovalDecision {
  readonly approver: string;
  readonly decision: 'APPROVED' | 'REJECTED';
  readonly at: string;
  readonly reason?: string;
  /** Where it came from: `link`, `api`, `cli`; plus the caller's address when known. */
  readonly via: string;
  readonly sourceIp?: string;
}

/** Rollout progress as the deployer reports it. */
export interface RolloutProgress {
  readonly deploymentId: string;
  readonly strategy: string;
  readonly status: 'IN_PROGRESS' | 'SUCCEEDED' | 'ROLLED_BACK' | 'FAILED' | 'STOPPED';
  /** Share of traffic on the candidate, 0–100. */
  readonly candidateWeight: number;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly reason?: string;
  readonly alarm?: string;
  /** Stepped rollouts: the analysis after each step so far, in order. */
  readonly analyses?: readonly StepAnalysis[];
}

/** The verdict of the analysis after one step of a stepped rollout. */
export interface StepAnalysis {
  /** The candidate's share during the step, 1–100. */
  readonly weight: number;
  readonly verdict: 'pass' | 'fail' | 'inconclusive';
  readonly reason: string;
  /** True when synthetic checks settled it (too little real traffic). */
  readonly synthetic?: boolean;
  /** ISO instant. */
  readonly at: string;
}

/** One update of one component to one version: the unit the state machine runs. */
export interface WorkflowRecord {
  readonly id: string;
  readonly component: string;
  readonly version: string;
  /** The version running when the workflow started. */
  readonly fromVersion: string;
  readonly stage: Stage;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Optimistic-lock revision; every update must name the revision it read. */
  readonly rev: number;
  readonly executionArn?: string;
  /** The Step Functions execution name (readable: `<component>-<version>-<short id>`). */
  readonly executionName?: string;
  readonly release?: ReleaseInfo;
  readonly comparison?: VersionComparison;
  readonly priority?: PriorityClassification;
  readonly simulation?: SimulationResult;
  readonly evaluation?: PolicyEvaluation;
  readonly approvals?: readonly ApprovalDecision[];
  /** The decision that settled the approval task; set exactly once, by whoever decided it. */
  readonly approvalOutcome?: { readonly decision: 'APPROVED' | 'REJECTED'; readonly at: string; readonly by: string };
  /** ISO instant of the current approval request; links from an earlier request are superseded. */
  readonly approvalRequestedAt?: string;
  /** Local mode: the state and state input the execution last entered, to resume it after a restart. */
  readonly checkpoint?: { readonly state: string; readonly input: unknown; readonly at: string };
  /** Incremented each time approval is requested (a redrive after a restart starts a new round with a new task token). */
  readonly approvalRound?: number;
  /** Who asked for this update (an API caller registering a version); may be barred from approving it. */
  readonly requestedBy?: string;
  /** ISO instant the approval expires, while awaiting one. */
  readonly approvalDeadline?: string;
  /** The approval round a reminder was sent for (at most one reminder per round). */
  readonly approvalRemindedRound?: number;
  readonly pipelineRun?: { readonly provider: string; readonly runId: string; readonly url?: string; readonly status: string };
  readonly rollout?: RolloutProgress;
  readonly history: readonly StageEntry[];
  /** Why the workflow ended where it did. */
  readonly outcomeReason?: string;
  readonly endedAt?: string;
}

/** An append-only record of something that happened, who did it, and why. */
export interface AuditEvent {
  readonly workflowId: string;
  /** ISO instant. */
  readonly at: string;
  /** Monotonic within a workflow (orders events in the same millisecond). */
  readonly seq: number;
  /** What happened: `DETECTED`, `VERIFIED`, `SIMULATED`, `DECIDED`, `APPROVED`, `ROLLED_BACK`, … */
  readonly type: string;
  /** Who: `system`, `scheduler`, an approver's email, `api:<principal>`. */
  readonly actor: string;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}
