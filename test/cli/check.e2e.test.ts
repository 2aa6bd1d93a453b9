import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareDemo, publishDemoReleases } from '../../examples/demo/prepare-demo.js';
import { startLocalRuntime } from '../../infra/local/runtime.js';

const run = promisify(execFile);

async function upkeep(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/upkeep.mjs', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('Command: upkeep check', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('reports each component with the documented fields, finds new tags, and starts nothing', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'upkeep-check-'));
    dirs.push(dataDir);
    const { configPath } = await prepareDemo({ dataDir, print: () => undefined });

    // Act
    const before = await upkeep('check', '--config', configPath, '--data', dataDir, '--json');
    await publishDemoReleases(dataDir);
    const after = await upkeep('check', '--config', configPath, '--data', dataDir, '--json');
    const text = await upkeep('check', '--config', configPath, '--data', dataDir);

    // Assess
    expect(before.code).toBe(0);
    const first = JSON.parse(before.stdout) as Record<string, unknown>[];
    expect(first).toHaveLength(3);
    expect(Object.keys(first[0] ?? {}).sort()).toEqual(['availableVersion', 'component', 'currentVersion', 'error', 'priority', 'recommendation', 'source', 'updateAvailable', 'updateType']);
    expect(first.every((r) => r.updateAvailable === false && r.error === null)).toBe(true);
    const second = JSON.parse(after.stdout) as { component: string; availableVersion: string; updateType: string }[];
    expect(second.map((r) => [r.component, r.availableVersion, r.updateType])).toEqual([['catalog', '1.0.1', 'patch'], ['payments', '2.0.0', 'major'], ['search', '2.1.1', 'patch']]);
    expect(text.stdout).toMatch(/3 component\(s\), 3 with an update, 0 source\(s\) failed/);
    const runtime = await startLocalRuntime({ configPath, dataDir, port: 0, schedule: false });
    try {
      expect((await runtime.deps.workflows.listRecent()).items).toHaveLength(0);
      // With Upkeep running on the same data directory, check goes through its API.
      const through = await upkeep('check', '--config', configPath, '--data', dataDir, '--json');
      expect(through.code).toBe(0);
      expect((JSON.parse(through.stdout) as unknown[]).length).toBe(3);
      expect((await runtime.deps.workflows.listRecent()).items).toHaveLength(0);
    } finally {
      await runtime.close();
    }
  });

  it('exits 1 and records the error when a source fails, and 2 on a bad config', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'upkeep-check-'));
    dirs.push(dataDir);
    const { writeFile } = await import('node:fs/promises');
    const config = join(dataDir, 'upkeep.yaml');
    await writeFile(config, 'version: 1\ncomponents:\n  - { name: gone, current: "1.0.0", source: { type: git, url: "file:///nonexistent/repo.git" } }\n');
    const bad = join(dataDir, 'bad.yaml');
    await writeFile(bad, 'version: 1\ncomponents: []\n');

    const failing = await upkeep('check', '--config', config, '--data', dataDir, '--json');
    const invalid = await upkeep('check', '--config', bad, '--data', dataDir);

    expect(failing.code).toBe(1);
    const [result] = JSON.parse(failing.stdout) as { component: string; error: string | null; updateAvailable: boolean }[];
    expect(result?.component).toBe('gone');
    expect(result?.error).toMatch(/\S/);
    expect(result?.updateAvailable).toBe(false);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/components: .*at least one component/);
  });
});
