import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RolloutLab } from '../support/rollout-lab.js';

/** A smoke test that asks the candidate for `/` and records each phase it ran in. */
const smoke = (log: string, expectText: string): string => `#!/bin/sh
echo "$UPKEEP_SMOKE_PHASE $UPKEEP_CANDIDATE_VERSION" >> ${log}
body=$(node -e "fetch(process.env.UPKEEP_CANDIDATE_URL + '/').then((r) => r.text()).then((t) => console.log(t), () => process.exit(2))") || exit 2
case "$body" in
  *${expectText}*) exit 0 ;;
  *) echo "unexpected answer: $body"; exit 1 ;;
esac
`;

/** Local mode, real processes: `deploy.smokeTest` runs before traffic moves and after all of it has. */
describe('Local mode: pre-traffic and post-traffic smoke tests', () => {
  let lab: RolloutLab | undefined;
  let logs = '';
  afterEach(async () => {
    await lab?.close();
    lab = undefined;
    await rm(logs, { recursive: true, force: true });
  });

  it('runs the smoke test before and after the traffic shift, and rolls back a candidate that fails it', async () => {
    // Prepare: 1.1.0's smoke test passes; 1.2.0's looks for an answer the service never gives.
    logs = await mkdtemp(join(tmpdir(), 'upkeep-smoke-'));
    const log = join(logs, 'phases.log');
    lab = await RolloutLab.start({
      releases: [
        { version: '1.0.0', files: { 'smoke.sh': smoke(log, 'true') } },
        { version: '1.1.0', files: { 'smoke.sh': smoke(log, 'true') } },
      ],
      deploy: { strategy: { type: 'canary', percent: 20, interval: '1m' }, smokeTest: 'smoke.sh' },
    });

    // Act 1: a candidate that passes.
    const good = await lab.detect();
    await lab.approve(good.workflowId as string);
    const passed = await lab.waitFor(good.workflowId as string, ['SUCCEEDED', 'ROLLED_BACK', 'FAILED']);
    await lab.publish({ version: '1.2.0', files: { 'smoke.sh': smoke(log, 'never-answered') } });
    const bad = await lab.detect();
    await lab.approve(bad.workflowId as string);
    const failed = await lab.waitFor(bad.workflowId as string, ['SUCCEEDED', 'ROLLED_BACK', 'FAILED']);

    // Assess
    expect(passed.stage, passed.outcomeReason).toBe('SUCCEEDED');
    expect(failed.stage).toBe('ROLLED_BACK');
    expect(failed.outcomeReason).toMatch(/pre-traffic smoke test failed: smoke test smoke\.sh exited 1 \(unexpected answer: \{"version":"1\.2\.0","ok":true\}\)/);
    expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual(['pre-traffic 1.1.0', 'post-traffic 1.1.0', 'pre-traffic 1.2.0']);
    expect(await lab.runtime.deps.components.get('sample')).toMatchObject({ current: '1.1.0', quarantined: ['1.2.0'] });
  });
});
