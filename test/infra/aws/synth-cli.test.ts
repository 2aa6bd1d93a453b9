import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../infra/aws/stack-config.js';
import { EXAMPLE_CONFIG } from './synth.js';

const run = promisify(execFile);

/** The environment of a machine with no AWS credentials, no account and no Docker. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('CDK_DEFAULT_')));
  // Any attempt to bundle in Docker runs `false` and fails the synth.
  return { ...env, CDK_DOCKER: 'false', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' };
}

describe('`cdk synth` (the CLI)', () => {
  const out = mkdtempSync(join(tmpdir(), 'upkeep-cdk-out-'));
  let template: { Resources: Record<string, { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, string> }> };
  let seconds = 0;

  beforeAll(async () => {
    const started = performance.now();
    await run('npx', ['cdk', 'synth', '--quiet', '-o', out], { env: offlineEnv(), maxBuffer: 64 * 1024 * 1024, timeout: 170_000 });
    seconds = (performance.now() - started) / 1000;
    template = JSON.parse(readFileSync(join(out, 'Upkeep.template.json'), 'utf8')) as typeof template;
  });

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('synthesizes offline, without credentials or Docker', () => {
    expect(Object.keys(template.Resources).length).toBeGreaterThan(100);
    expect(seconds).toBeGreaterThan(0);
  });

  // Ours: the Node.js functions (BucketDeployment brings a Python one of aws-cdk-lib's).
  const functionAssets = (): string[] => Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.['aws:asset:path'] !== undefined && String(r.Properties.Runtime).startsWith('nodejs'))
    .map((r) => join(out, r.Metadata!['aws:asset:path']!));

  it('bundles every function with the validated configuration beside its code', () => {
    const config = JSON.stringify(loadConfig(EXAMPLE_CONFIG));
    const assets = functionAssets();
    expect(assets.length).toBeGreaterThan(20);
    for (const asset of assets) {
      expect(existsSync(join(asset, 'index.mjs')), asset).toBe(true);
      expect(existsSync(join(asset, 'index.mjs.map')), asset).toBe(true);
      expect(JSON.stringify(JSON.parse(readFileSync(join(asset, 'upkeep-config.json'), 'utf8'))), asset).toBe(config);
    }
  });

  it('produces bundles that load under node and export a handler function, in Lambda too (where they load the tracer)', async () => {
    const files = functionAssets().map((asset) => join(asset, 'index.mjs'));
    const script = `for (const f of ${JSON.stringify(files)}) { const m = await import(f); console.log(typeof m.handler); }`;
    const lambda = { AWS_LAMBDA_FUNCTION_NAME: 'upkeep-test', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_REGION: 'eu-west-1' };
    for (const env of [{}, lambda]) {
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 16 * 1024 * 1024 });
      expect(stdout.trim().split('\n')).toEqual(files.map(() => 'function'));
    }
  });
});
