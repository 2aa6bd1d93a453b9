import { dailyTimeline, type DailyBucket, type WorkflowStatistics } from '../../core/statistics.js';
import type { DetectionState } from '../../ports/detection-control.js';
import type { AppDeps } from '../app-deps.js';
import { SYSTEM_STREAM, recordAction } from './audit-streams.js';
import { workflowSnapshot, type WorkflowSnapshot } from './workflow-snapshot.js';
import { componentSnapshot } from './component-snapshot.js';

/**
 * Starts or stops scheduled detection (`POST /api/self-update/start|stop`); idempotent. A
 * change is recorded in the `system` audit stream with who made it.
 */
export async function setDetection(deps: Pick<AppDeps, 'detection' | 'audit' | 'clock'>, enabled: boolean, by: string): Promise<DetectionState & { readonly changed: boolean }> {
  const before = await deps.detection.status();
  if (before.enabled === enabled) return { ...before, changed: false };
  const state = await deps.detection.setEnabled(enabled, by, deps.clock.now().toISOString());
  await recordAction(deps, SYSTEM_STREAM, {
    type: enabled ? 'DETECTION_STARTED' : 'DETECTION_STOPPED', actor: by,
    message: `${by} ${enabled ? 'started' : 'stopped'} scheduled detection`, details: { schedules: state.schedules },
  });
  return { ...state, changed: true };
}

/** What `GET /api/self-update/status` answers (the seed's shape, plus detection and components). */
export interface SystemStatus {
  /** `running` while scheduled detection is on, else `stopped`. */
  readonly status: 'running' | 'stopped';
  readonly running: boolean;
  readonly time: string;
  readonly detection: DetectionState & { readonly schedule: string };
  readonly lastDetectionAt: string | null;
  readonly components: readonly { readonly name: string; readonly current: string; readonly quarantined: number; readonly highWaterMark: string | null }[];
  readonly pendingApprovals: number;
  readonly statistics: WorkflowStatistics;
  /** The last {@link TIMELINE_DAYS} UTC days, oldest first: detected and ended per day (the dashboard's charts). */
  readonly timeline: readonly DailyBucket[];
}

/** How many days `timeline` covers, today included. */
export const TIMELINE_DAYS = 30;

const timelines = new WeakMap<WorkflowSnapshot, { readonly day: string; readonly timeline: readonly DailyBucket[] }>();

/** The daily timeline of a snapshot, computed once per snapshot and UTC day. */
function timelineFor(snapshot: WorkflowSnapshot, now: Date): readonly DailyBucket[] {
  const day = now.toISOString().slice(0, 10);
  const known = timelines.get(snapshot);
  if (known?.day === day) return known.timeline;
  const timeline = dailyTimeline(snapshot.workflows, { from: new Date(now.getTime() - (TIMELINE_DAYS - 1) * 86_400_000), to: now });
  timelines.set(snapshot, { day, timeline });
  return timeline;
}

/**
 * `GET /api/self-update/status`. Workflows (statistics, timeline, pending approvals) and
 * components come from snapshots at most `FRESH_MS` (250 ms) stale; detection is read as is.
 */
export async function systemStatus(deps: Pick<AppDeps, 'detection' | 'components' | 'workflows' | 'clock' | 'config'>): Promise<SystemStatus> {
  const [detection, components, snapshot, config] = await Promise.all([deps.detection.status(), componentSnapshot(deps.components), workflowSnapshot(deps.workflows), deps.config.get()]);
  const { statistics } = snapshot;
  const now = deps.clock.now();
  const timeline = timelineFor(snapshot, now);
  return {
    status: detection.enabled ? 'running' : 'stopped',
    running: detection.enabled,
    time: deps.clock.now().toISOString(),
    detection: { ...detection, schedule: config.detection.schedule },
    lastDetectionAt: detection.lastRunAt ?? null,
    components: components.map((c) => ({ name: c.name, current: c.current, quarantined: c.quarantined.length, highWaterMark: c.highWaterMark ?? null })),
    pendingApprovals: statistics.workflows.awaitingApproval,
    statistics,
    timeline,
  };
}

const serialized = new WeakMap<WorkflowStatistics, { readonly timeline: readonly DailyBucket[]; readonly json: string }>();

/**
 * {@link systemStatus} as JSON text, exactly `JSON.stringify(await systemStatus(deps))`, with the
 * statistics and timeline (nearly all of it: a line per component) serialized once per snapshot
 * and day instead of on every request.
 */
export async function systemStatusJson(deps: Pick<AppDeps, 'detection' | 'components' | 'workflows' | 'clock' | 'config'>): Promise<string> {
  const { statistics, timeline, ...head } = await systemStatus(deps);
  let tail = serialized.get(statistics);
  if (tail?.timeline !== timeline) {
    tail = { timeline, json: `"statistics":${JSON.stringify(statistics)},"timeline":${JSON.stringify(timeline)}` };
    serialized.set(statistics, tail);
  }
  // `head` keeps the answer's key order, and statistics and timeline come last in it.
  return `${JSON.stringify(head).slice(0, -1)},${tail.json}}`;
}
