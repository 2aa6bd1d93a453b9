import { spawn } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** Processes whose working directory is inside `root` (the demo's deployed services, builds). */
function processesUnder(root: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`).startsWith(root)) found.push(Number(entry));
    } catch {
      // The process ended while we looked, or is not ours to read.
    }
  }
  return found;
}

describe('npm start (upkeep start --demo)', () => {
  let dataDir = '';
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('reaches all three demo outcomes, serves the API, and stops cleanly on Ctrl-C', async () => {
    // Prepare
    dataDir = await mkdtemp(join(tmpdir(), 'upkeep-demo-'));
    const child = spawn(process.execPath, ['bin/upkeep.mjs', 'start', '--demo', '--data', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    // Act: wait for the story to finish (the issue allows two minutes).
    const started = Date.now();
    while (!out.includes('outcomes reached') && Date.now() - started < 120_000 && child.exitCode === null) await new Promise((r) => setTimeout(r, 250));
    const url = /running locally at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    const token = /API token: +(\S+)/.exec(out)?.[1];
    const status = await fetch(`${url}/api/self-update/workflows`, { headers: { authorization: `Bearer ${token}` } });
    const listing = (await status.json()) as { items: { component: string; stage: string }[] };
    const link = /(http:\/\/127\.0\.0\.1:\d+\/approvals\/[A-Za-z0-9_-]+)/.exec(out)?.[1];
    const page = await fetch(link ?? '');
    child.kill('SIGINT');
    const code = await exited;

    // Assess
    expect(out).toContain('demo: all 3 outcomes reached');
    expect(Object.fromEntries(listing.items.map((w) => [w.component, w.stage])), out.slice(-4000)).toEqual({ catalog: 'SUCCEEDED', payments: 'AWAITING_APPROVAL', search: 'ROLLED_BACK' });
    expect(page.status).toBe(200);
    expect(code).toBe(0);
    expect(out).toContain('Stopped.');
    expect(processesUnder(dataDir)).toEqual([]);
  });
});
