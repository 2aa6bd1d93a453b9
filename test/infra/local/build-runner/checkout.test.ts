import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitSource } from '../../../../functions/core/config/source-schema.js';
import { LocalBuildRunner } from '../../../../infra/local/build-runner/index.js';
import { build, commitOf, createRepo, gitSource, passingSpec, request } from './helpers.js';

let root: string;
let url: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'upkeep-build-checkout-'));
  url = await createRepo(root, 'api', [{ tag: 'v1.0.0', files: { VERSION: '1.0.0' } }, { tag: 'v1.1.0', files: { VERSION: '1.1.0' } }, { tag: 'v2.0.0', files: { VERSION: '2.0.0' } }]);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const runnerFor = (source: GitSource | undefined) =>
  new LocalBuildRunner({ dataDir: join(root, 'data'), projects: () => Promise.resolve(source === undefined ? undefined : { source }) });
const PRINT = passingSpec(['echo "version=$(cat VERSION) current=$UPKEEP_CURRENT_TAG sha=$CODEBUILD_RESOLVED_SOURCE_VERSION"']);

describe('Function: checkoutVersion (through LocalBuildRunner)', () => {
  it('checks out the candidate tag, mapping versions to tags with tagPattern', async () => {
    // Prepare
    const runner = runnerFor(gitSource(`file://${url}`, '^v(\\d+\\.\\d+\\.\\d+)$'));

    // Act
    const record = await build(runner, request({ buildspec: PRINT, candidateVersion: '1.1.0', currentVersion: '1.0.0' }));

    // Assess
    const sha = await commitOf(url, 'v1.1.0');
    expect(record).toMatchObject({ status: 'SUCCEEDED', sourceVersion: 'v1.1.0', resolvedSourceVersion: sha });
    expect(await runner.logs(record.id)).toContain(`version=1.1.0 current=v1.0.0 sha=${sha}`);
  });

  it('fails with the versions it saw when the candidate has no tag', async () => {
    // Act
    const record = await build(runnerFor(gitSource(url)), request({ buildspec: PRINT, candidateVersion: 'v9.9.9' }));

    // Assess
    expect(record.status).toBe('FAILED');
    expect(record.reason).toBe(`checkout failed: no tag for version v9.9.9 in ${url} (versions seen: v1.0.0, v1.1.0, v2.0.0)`);
    expect(record.phases).toEqual([]);
  });

  it('fails clearly when the repository does not exist', async () => {
    // Act
    const record = await build(runnerFor(gitSource(join(root, 'missing.git'))), request({ buildspec: PRINT }));

    // Assess
    expect(record.status).toBe('FAILED');
    expect(record.reason).toMatch(/^checkout failed: git ls-remote .*missing\.git.* failed \(exit \d+\)/);
  });

  it('fails when the component has no build project', async () => {
    // Act
    const record = await build(runnerFor(undefined), request({ buildspec: PRINT }));

    // Assess
    expect(record.reason).toBe('component api has no build project: local builds need a git source and a simulation');
  });

  it('fails when the buildspec path does not exist at the candidate tag', async () => {
    // Act
    const record = await build(runnerFor(gitSource(url)), request({ buildspec: 'ci/buildspec.yml' }));

    // Assess
    expect(record.reason).toBe('buildspec ci/buildspec.yml does not exist in the checked-out source');
  });
});
