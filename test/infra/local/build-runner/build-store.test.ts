import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../../functions/core/errors.js';
import { LocalBuildRunner } from '../../../../infra/local/build-runner/index.js';
import { build, buildspec, createRepo, gitSource, request, writeJUnit } from './helpers.js';

let root: string;
let url: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'upkeep-build-store-'));
  url = await createRepo(root, 'api', [{ tag: 'v1.0.0', files: {} }, { tag: 'v1.1.0', files: {} }]);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const runner = (dataDir: string) =>
  new LocalBuildRunner({ dataDir, killGraceMs: 100, projects: () => Promise.resolve({ source: gitSource(url), suites: ['unit'] }) });

describe('Class: BuildStore (through LocalBuildRunner)', () => {
  it('answers get, results and logs from a new runner over the same data directory', async () => {
    // Prepare
    const dataDir = join(root, 'restart');
    const spec = buildspec({ phases: { build: { commands: ['echo hello-from-build', writeJUnit('r/unit.xml', { passed: 4, failed: 1 })] } }, reports: { unit: { files: ['r/unit.xml'] } } });
    const first = runner(dataDir);
    const record = await build(first, request({ buildspec: spec }));
    const result = await first.results(record.id);

    // Act
    const second = runner(dataDir);

    // Assess
    expect(await second.get(record.id)).toEqual(record);
    expect(await second.results(record.id)).toEqual(result);
    expect(result.suites.unit).toEqual({ run: 5, passed: 4, failed: 1, skipped: 0 });
    expect(await second.logs(record.id)).toContain('hello-from-build');
  });

  it('reports a build cut off by a restart as FAULT', async () => {
    // Prepare
    const dataDir = join(root, 'cut-off');
    const first = runner(dataDir);
    const started = await first.start(request({ buildspec: buildspec({ phases: { build: { commands: ['sleep 20'] } } }) }));

    // Act
    const second = runner(dataDir);
    const seen = await second.get(started.id);
    const result = await second.results(started.id);
    await first.close();

    // Assess
    expect(seen).toMatchObject({ status: 'FAULT', reason: 'the local build runner stopped before the build finished' });
    expect(result).toMatchObject({ status: 'FAILED', reason: 'the local build runner stopped before the build finished' });
  });

  it('throws NotFoundError for an unknown or malformed build id', async () => {
    // Prepare
    const local = runner(join(root, 'empty'));

    // Act / Assess
    await expect(local.get('upkeep-sim-api:00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
    await expect(local.results('../../etc/passwd')).rejects.toBeInstanceOf(NotFoundError);
  });
});
