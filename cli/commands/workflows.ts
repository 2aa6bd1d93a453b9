import { parseDuration } from '../../functions/core/duration.js';
import { apiCommand } from '../api-command.js';
import type { WorkflowFilter, WorkflowSummary } from '../client/upkeep-client.js';
import { EXIT, UsageError } from '../io.js';
import { instant, stageColour, table, type Paint } from '../output.js';

const MAX_LIMIT = 10_000;

/** `--since 2h` (that long ago) or an instant, which the API checks further (it wants ISO-8601 with an offset). */
export function sinceInstant(flag: string, text: string | undefined, now: Date = new Date()): string | undefined {
  if (text === undefined) return undefined;
  const seconds = parseDuration(text);
  if (seconds !== undefined) return new Date(now.getTime() - seconds * 1000).toISOString();
  if (Number.isNaN(Date.parse(text))) throw new UsageError(`--${flag} must be an ISO instant (2025-01-31T12:00:00Z) or a duration back from now (30m, 2h, 7d), got "${text}"`);
  return text;
}

function limitOf(text: string | undefined): number {
  if (text === undefined) return 50;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new UsageError(`--limit must be a whole number from 1 to ${MAX_LIMIT}, got "${text}"`);
  return n;
}

/** Workflow summaries as a table, newest first. */
export function workflowTable(p: Paint, items: readonly WorkflowSummary[]): string[] {
  return table(p, ['id', 'component', 'version', 'stage', 'decision', 'detected'], items.map((w) => [
    w.id, w.component, `${w.fromVersion} → ${w.version}`, stageColour(p, w.stage)(w.stage), w.decision ?? '—', instant(w.createdAt),
  ]));
}

/** `upkeep workflows`: a filtered listing, fetched a page at a time up to `--limit`. */
export const workflowsCommand = apiCommand({
  name: 'workflows',
  summary: 'list workflows, newest first (filter by stage, component, time)',
  usage: [
    'Usage: upkeep workflows [--stage S] [--component C] [--since T] [--until T] [--limit N] [--json]',
    '',
    'Lists workflows newest first. --since and --until take an ISO instant (2025-01-31T12:00:00Z)',
    'or a duration back from now (30m, 2h, 7d) and bound the detection time.',
  ],
  flagsUsage: [
    '  --stage S      only this stage: DETECTED … AWAITING_APPROVAL … SUCCEEDED, ROLLED_BACK, FAILED, …',
    '  --component C  only this component',
    '  --since T      detected at or after T',
    '  --until T      detected at or before T',
    '  --limit N      show at most N (default 50)',
  ],
  positionals: [],
  options: { stage: { type: 'string' }, component: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, limit: { type: 'string' } },
  check(values) {
    limitOf(values.limit);
    sinceInstant('since', values.since);
    sinceInstant('until', values.until);
  },
  async run({ client, values, json, printJson, paint: p, io, progress }) {
    const limit = limitOf(values.limit);
    const since = sinceInstant('since', values.since);
    const until = sinceInstant('until', values.until);
    const filter = {
      ...(values.stage ? { stage: values.stage.toUpperCase() } : {}),
      ...(values.component ? { component: values.component } : {}),
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      limit: Math.min(limit, 100),
    } as WorkflowFilter;
    const { items, more } = await progress('fetching workflows', async () => {
      const found: WorkflowSummary[] = [];
      // Leaving the loop early closes the iterator: no page past the one that showed there is more.
      for await (const wf of client.listWorkflows(filter)) {
        if (found.length === limit) return { items: found, more: true };
        found.push(wf);
      }
      return { items: found, more: false };
    });
    if (json) {
      printJson(items);
      return EXIT.ok;
    }
    if (items.length === 0) {
      io.out('No workflows match.');
      return EXIT.ok;
    }
    for (const line of workflowTable(p, items)) io.out(line);
    io.out(p.dim(`${items.length} workflow(s)${more ? `; more exist: raise --limit or narrow with --since/--stage` : ''}. Details: upkeep workflow <id>`));
    return EXIT.ok;
  },
});
