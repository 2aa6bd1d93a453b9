import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalBuildRunner } from '../../../../infra/local/build-runner/index.js';
import { FakeSecrets } from '../../../support/fake-secrets.js';
import { build, buildspec, createRepo, gitSource, passingSpec, request } from './helpers.js';

let root: string;
let url: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'upkeep-build-env-'));
  url = await createRepo(root, 'api', [{ tag: 'v1.0.0', files: { VERSION: '1.0.0' } }, { tag: 'v1.1.0', files: { VERSION: '1.1.0' } }]);
});
afterEach(() => {
  delete process.env.UPKEEP_TEST_PARENT_SECRET;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const runner = (secrets = new FakeSecrets({ 'db-password': 'correct-horse-battery', 'api-keys': '{"stripe":"sk_live_123456"}' })) =>
  new LocalBuildRunner({ dataDir: join(root, 'data'), secrets, projects: () => Promise.resolve({ source: gitSource(url), environment: { FROM_PROJECT: 'p', SHARED: 'project' } }) });

describe('Function: buildEnvironment (through LocalBuildRunner)', () => {
  it('hides a secret in the runner\'s environment from the build', async () => {
    // Prepare
    process.env.UPKEEP_TEST_PARENT_SECRET = 'parent-secret-value';
    const spec = passingSpec(['echo "seen=${UPKEEP_TEST_PARENT_SECRET:-none}"', 'env | cut -d= -f1 | sort | tr "\\n" " "; echo']);
    const local = runner();

    // Act
    const record = await build(local, request({ buildspec: spec }));
    const log = await local.logs(record.id);

    // Assess
    expect(record.status).toBe('SUCCEEDED');
    expect(log).toContain('seen=none');
    expect(log).not.toContain('parent-secret-value');
    const names = /\nCODEBUILD_[^\n]*/.exec(log)?.[0].trim().split(' ') ?? [];
    const allowed = /^(PATH|HOME|LANG|TMPDIR|PWD|OLDPWD|SHLVL|_|CODEBUILD_\w+|UPKEEP_(WORKFLOW_ID|COMPONENT|CANDIDATE_VERSION|CURRENT_VERSION|CANDIDATE_TAG|CURRENT_TAG)|FROM_PROJECT|SHARED)$/;
    expect(names.filter((n) => !allowed.test(n))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['CODEBUILD_SRC_DIR', 'CODEBUILD_BUILD_ID', 'CODEBUILD_RESOLVED_SOURCE_VERSION', 'UPKEEP_CURRENT_VERSION']));
  });

  it('gives the build a HOME and TMPDIR of its own, inside the workspace', async () => {
    // Prepare
    const spec = passingSpec(['echo "home=$HOME"', 'echo "src=$CODEBUILD_SRC_DIR"', 'echo "tmp=$TMPDIR"']);
    const local = runner();

    // Act
    const log = await local.logs((await build(local, request({ buildspec: spec }))).id);

    // Assess
    const value = (key: string): string => new RegExp(`\\n${key}=(.*)`).exec(log)?.[1] ?? '';
    const workspace = value('src').replace(/\/src$/, '');
    expect(workspace).toMatch(/upkeep-build-/);
    expect(value('home')).toBe(`${workspace}/home`);
    expect(value('tmp')).toBe(`${workspace}/tmp`);
    expect(value('home')).not.toBe(homedir());
  });

  it('resolves buildspec secrets, masks them in the log, and lets the request override project and buildspec variables', async () => {
    // Prepare
    const spec = passingSpec(
      ['[ "$DB_PASSWORD" = correct-horse-battery ] && echo secret-ok', 'echo "pw=$DB_PASSWORD stripe=$STRIPE"', 'echo "vars=$SHARED,$ONLY_SPEC,$FROM_PROJECT,$FROM_REQUEST"'],
      { env: { variables: { SHARED: 'buildspec', ONLY_SPEC: 's' }, 'secrets-manager': { DB_PASSWORD: 'db-password', STRIPE: 'api-keys:stripe' } } },
    );
    const local = runner();

    // Act
    const record = await build(local, request({ buildspec: spec, variables: { FROM_REQUEST: 'r', SHARED: 'request', CODEBUILD_BUILD_ID: 'forged' } }));
    const log = await local.logs(record.id);

    // Assess
    expect(record.status).toBe('SUCCEEDED');
    expect(log).toContain('secret-ok');
    expect(log).toContain('pw=*** stripe=***');
    expect(log).not.toMatch(/correct-horse-battery|sk_live_123456/);
    expect(log).toContain('vars=request,s,p,r');
  });

  it('fails the build, naming the secret, when a secret does not exist', async () => {
    // Prepare
    const spec = buildspec({ env: { 'secrets-manager': { TOKEN: 'no-such-secret' } }, phases: { build: { commands: ['echo ran'] } } });

    // Act
    const record = await build(runner(), request({ buildspec: spec }));

    // Assess
    expect(record.status).toBe('FAILED');
    expect(record.reason).toBe('buildspec variable TOKEN needs secret no-such-secret: secret no-such-secret does not exist');
    expect(record.phases).toEqual([]);
  });
});
