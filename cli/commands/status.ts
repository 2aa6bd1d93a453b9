import { apiCommand } from '../api-command.js';
import { EXIT } from '../io.js';
import { ago, duration, percent, table } from '../output.js';

/** `upkeep status`: detection, components, pending approvals and statistics. */
export const statusCommand = apiCommand({
  name: 'status',
  summary: 'whether detection runs, components, pending approvals and statistics',
  usage: [
    'Usage: upkeep status [--json]',
    '',
    'Shows whether scheduled detection runs and when it last ran, each component\'s running',
    'version, how many workflows wait for approval, and the workflow statistics.',
  ],
  positionals: [],
  options: {},
  async run({ client, json, printJson, paint: p, io }) {
    const status = await client.getStatus();
    if (json) {
      printJson(status);
      return EXIT.ok;
    }
    const s = status.statistics;
    const running = status.running ? p.green('running') : p.yellow('stopped');
    io.out(`${p.bold('Upkeep')} at ${client.baseUrl}: detection ${running} (${status.detection.schedule}), last run ${ago(status.lastDetectionAt)}`);
    if (status.detection.changedBy) io.out(p.dim(`  ${status.running ? 'started' : 'stopped'} by ${status.detection.changedBy} ${ago(status.detection.changedAt)}`));
    io.out('');
    io.out(p.bold('Components'));
    const byName = new Map(s.components.map((c) => [c.component, c]));
    for (const line of table(p, ['  name', 'current', 'quarantined', 'high-water', 'workflows', 'last outcome'], status.components.map((c) => {
      const stats = byName.get(c.name);
      const last = stats?.lastOutcome;
      return [`  ${c.name}`, c.current, String(c.quarantined), c.highWaterMark ?? '—', String(stats?.total ?? 0), last ? `${last.version} ${last.stage}` : '—'];
    }))) io.out(line);
    io.out('');
    io.out(p.bold('Workflows'));
    const w = s.workflows;
    const pending = status.pendingApprovals > 0 ? p.yellow(`${status.pendingApprovals} awaiting approval`) : '0 awaiting approval';
    io.out(`  ${w.total} in all, ${w.active} active, ${pending}; success rate ${percent(w.successRate)} (${w.succeeded} of ${w.finished} finished)`);
    io.out(`  decisions: ${percent(s.decisions.approvalRate)} approved, ${percent(s.decisions.rejectionRate)} rejected, ${percent(s.decisions.manualReviewRate)} manual review`);
    io.out(`  simulation: ${percent(s.simulation.successRate)} passed, mean ${duration(s.simulation.meanDurationSeconds)}`);
    io.out(`  deployment: ${percent(s.deployment.successRate)} succeeded, ${percent(s.deployment.rollbackFrequency)} rolled back, mean ${duration(s.deployment.meanDurationSeconds)}`);
    if (status.pendingApprovals > 0) io.out(p.dim('  see them with: upkeep approvals'));
    return EXIT.ok;
  },
});
