import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { OMITTABLE_PORTS, STORE_PORTS } from '../../../functions/adapters/aws/omittable-ports.js';
import type * as AwsDepsModule from '../../../functions/adapters/aws/aws-deps.js';
import type { SourceType } from '../../../functions/core/config/source-schema.js';
import { ROUTES } from '../../../functions/handlers/routes.js';
import { STEP_HANDLERS } from '../../../statemachines/substitutions.js';
import { HANDLERS, bundleDefines, clientsOf, deployedHandlers, omittedPorts, type HandlerSpec } from '../../../infra/aws/handler-catalog.js';

/** `deps.<port>`, except the engine's console link, which the omitted engine answers without its client. */
const PORT_USE = new RegExp(`deps\\.(${OMITTABLE_PORTS.join('|')})\\b(?!\\.executionUrl\\()`, 'g');

/** The ports any of our modules in a handler's static import graph reference as `deps.<port>`. */
async function referencedPorts(handler: string): Promise<Set<string>> {
  const result = await build({
    entryPoints: [`functions/handlers/${handler}.ts`], bundle: true, write: false, platform: 'node', format: 'esm', packages: 'external', metafile: true, logLevel: 'silent',
  });
  const used = new Set<string>();
  for (const file of Object.keys(result.metafile.inputs).filter((f) => !f.includes('/adapters/'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(PORT_USE)) used.add(match[1]!);
  }
  return used;
}

describe('Module: handler-catalog', () => {
  it('deploys every handler the state machine and the routes name, the detector and the seeder', () => {
    const deployed = deployedHandlers();
    for (const handler of [...Object.values(STEP_HANDLERS), ...ROUTES.map((r) => r.handler), 'detect', 'seed-config']) expect(deployed).toContain(handler);
  });

  it('refuses a route to a handler it has no sizing or permissions for, naming the file to edit', () => {
    expect(() => deployedHandlers([{ method: 'GET', path: '/x', handler: 'api-unknown', auth: 'token' }])).toThrow(/api-unknown; add them to HANDLERS in infra\/aws\/handler-catalog\.ts/);
  });

  it('bundles every port a handler\'s modules reference, leaving out only the others', async () => {
    for (const handler of [...deployedHandlers(), 'list-versions' as const]) {
      const missing = [...(await referencedPorts(handler))].filter((port) => omittedPorts(handler).includes(port as never));
      expect(missing, handler).toEqual([]);
    }
  });

  it('gives every handler that uses a store a need that grants the table', () => {
    for (const handler of deployedHandlers()) {
      const spec: HandlerSpec = HANDLERS[handler];
      if (spec.stores.length > 0) expect(spec.needs.some((need) => need.startsWith('table-')), handler).toBe(true);
    }
  });

  it('defines each omitted port as "true" for esbuild', () => {
    const used = ['workflows', 'audit', 'components', 'policies'];
    expect(bundleDefines('evaluate-policy')).toEqual(Object.fromEntries(OMITTABLE_PORTS.filter((p) => !used.includes(p)).map((p) => [`process.env.UPKEEP_OMIT_${p.toUpperCase()}`, '"true"'])));
    for (const store of STORE_PORTS) expect(bundleDefines('api-openapi')).toHaveProperty(`process.env.UPKEEP_OMIT_${store.toUpperCase()}`, '"true"');
    expect(Object.keys(bundleDefines('start-rollout'))).not.toContain('process.env.UPKEEP_OMIT_DEPLOYER');
  });

  it('leaves an omitted port out of the bundle, and its stand-in fails naming the fix', async () => {
    // Prepare
    const outfile = join(mkdtempSync(join(tmpdir(), 'upkeep-omit-')), 'aws-deps.mjs');
    await build({
      // Minified, as the stack bundles: dead branches go, and with them the modules only they used.
      entryPoints: ['functions/adapters/aws/aws-deps.ts'], outfile, bundle: true, platform: 'node', format: 'esm', mainFields: ['module', 'main'], minify: true, logLevel: 'silent',
      define: bundleDefines('evaluate-policy'),
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    const text = readFileSync(outfile, 'utf8');
    const { awsDeps } = await import(pathToFileURL(outfile).href) as typeof AwsDepsModule;
    // Act
    const deps = await awsDeps({ UPKEEP_TABLE_NAME: 'upkeep', UPKEEP_CONFIG_PATH: '/nonexistent.json', UPKEEP_API_URL: 'https://api.example.com' });
    // Assess
    expect(text).not.toContain('CodeBuildClient');
    expect(text).not.toContain('SFNClient');
    expect(text).toContain('DynamoDBClient');
    expect(deps.workflows).toBeDefined();
    expect(() => Reflect.get(deps.builds, 'start')).toThrow('the builds port is not bundled into this function; add the need that uses it to infra/aws/handler-catalog.ts');
    expect(() => deps.pipelines({ provider: 'codepipeline', name: 'x' } as never)).toThrow(/pipelines port is not bundled/);
    expect(text).not.toContain('APPROVAL#');
    expect(text).not.toContain('QUEUE#');
    expect(() => Reflect.get(deps.approvals, 'get')).toThrow('the approvals port is not bundled into this function; add the need that uses it to infra/aws/handler-catalog.ts');
    expect(deps.engine.executionUrl('arn:aws:states:eu-west-1:123456789012:execution:upkeep:api-1-2-4'))
      .toBe('https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/arn:aws:states:eu-west-1:123456789012:execution:upkeep:api-1-2-4');
    expect(() => Reflect.get(deps.engine, 'history')).toThrow(/engine port is not bundled/);
  });

  it('bundles into a list-versions function its own source only, and into the detector none', async () => {
    // Prepare: what only each source's module says.
    const markers = { npm: 'application/vnd.npm.install-v1+json', maven: 'maven-metadata.xml', git: 'ls-remote', osv: '/v1/query' };
    const text = async (handler: 'list-versions' | 'detect' | 'verify-artifact', sourceType?: SourceType): Promise<string> => {
      const result = await build({
        entryPoints: [`functions/handlers/${handler}.ts`], bundle: true, write: false, platform: 'node', format: 'esm', mainFields: ['module', 'main'], minify: true, logLevel: 'silent',
        define: bundleDefines(handler, sourceType),
      });
      return result.outputFiles[0]!.text;
    };
    const found = (bundle: string): string[] => Object.entries(markers).filter(([, marker]) => bundle.includes(marker)).map(([name]) => name);

    // Act
    const [npm, git, detect, verify] = await Promise.all([text('list-versions', 'npm'), text('list-versions', 'git'), text('detect'), text('verify-artifact')]);

    // Assess
    expect(found(npm)).toEqual(['npm', 'osv']);
    expect(found(git)).toEqual(['git']);
    expect(found(detect)).toEqual([]);
    expect(found(verify)).toEqual([]);
    // Git sources read no secret: their function carries no Secrets Manager client.
    expect(git).not.toContain('secretsmanager');
    expect(npm).toContain('secretsmanager');
    // The detector only notes its runs: no Scheduler client.
    expect(detect).not.toContain('scheduler');
    expect(Object.keys(bundleDefines('list-versions', 'npm'))).toEqual(expect.arrayContaining(['process.env.UPKEEP_OMIT_SOURCE_GITHUB_RELEASE', 'process.env.UPKEEP_OMIT_DETECTOR']));
    expect(Object.keys(bundleDefines('list-versions', 'npm'))).not.toContain('process.env.UPKEEP_OMIT_SOURCE_NPM');
  });

  it('gives a function that only notes detection runs a stand-in for the schedules that names the fix', async () => {
    // Prepare
    const outfile = join(mkdtempSync(join(tmpdir(), 'upkeep-omit-')), 'aws-deps.mjs');
    await build({
      entryPoints: ['functions/adapters/aws/aws-deps.ts'], outfile, bundle: true, platform: 'node', format: 'esm', mainFields: ['module', 'main'], minify: true, logLevel: 'silent',
      define: bundleDefines('detect'),
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    const { awsDeps } = await import(pathToFileURL(outfile).href) as typeof AwsDepsModule;

    // Act
    const deps = await awsDeps({ UPKEEP_TABLE_NAME: 'upkeep', UPKEEP_CONFIG_PATH: '/nonexistent.json', UPKEEP_API_URL: 'https://api.example.com', UPKEEP_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:upkeep', UPKEEP_SOURCE_FUNCTIONS: '{"npm":"upkeep-list-npm"}' });

    // Assess
    await expect(deps.detection.status()).rejects.toThrow('the schedules port is not bundled into this function; add the need that uses it to infra/aws/handler-catalog.ts');
    expect(() => Reflect.get(deps.detector, 'check')).toThrow(/detector port is not bundled/);
    expect(deps.sources('npm').type).toBe('npm');
    expect(readFileSync(outfile, 'utf8')).not.toContain('UpdateScheduleCommand');
  });

  it('refuses source functions that are not JSON, saying what it got', async () => {
    const { awsDeps } = await import('../../../functions/adapters/aws/aws-deps.js');
    vi.stubEnv('UPKEEP_OMIT_REGISTRIES', 'true');
    try {
      expect(() => awsDeps({ UPKEEP_TABLE_NAME: 'upkeep', UPKEEP_CONFIG_PATH: '/x.json', UPKEEP_API_URL: 'https://api.example.com', UPKEEP_STATE_MACHINE_ARN: 'arn', UPKEEP_TOPIC_ARN: 'arn', UPKEEP_DETECTOR_FUNCTION: 'd', UPKEEP_SOURCE_FUNCTIONS: 'npm=x' }))
        .toThrow('UPKEEP_SOURCE_FUNCTIONS must be JSON naming a function per source type, got npm=x');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('names the SDK clients a handler needs', () => {
    expect(clientsOf('evaluate-policy')).toEqual(['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb']);
    expect(clientsOf('start-rollout')).toEqual(['@aws-sdk/client-cloudwatch', '@aws-sdk/client-codedeploy', '@aws-sdk/client-dynamodb', '@aws-sdk/client-lambda', '@aws-sdk/lib-dynamodb']);
  });
});
