/**
 * Benchmark: what each Lambda bundle weighs and costs to load, against what it cannot avoid.
 * For every handler the stack deploys, bundles it exactly as `infra/aws/handler-function.ts`
 * does (esbuild, ESM, node20, minified, SDK bundled; `list-versions` once per source type, with
 * that type's source only), then in the same run bundles
 * - an empty module;
 * - a bare bundle of the AWS SDK v3 clients the handler needs (its needs in
 *   `infra/aws/handler-catalog.ts`): the client classes and the command classes the handler's
 *   bundle contains, nothing of ours;
 * - the framework bundle: that bare SDK bundle plus what the issue asks every function to carry
 *   — a Powertools Logger and Tracer made at load as the functions make them, Metrics (when the
 *   handler publishes metrics), their middy middlewares, and `@middy/core` — nothing of ours;
 * and imports each cold in a fresh `node` process, alternating a bundle with the one it is
 * measured against (the handler with its framework bundle, the bare SDK bundle with the empty
 * module) and taking the median of the pairs' differences, several pairs each.
 *
 * Reported per handler: its size; the bare SDK and the framework bundles; "ours", what the
 * handler adds over the framework bundle — bytes (handler minus framework bundle: our
 * `functions/` code and the libraries we chose, such as zod and semver, are counted, not
 * excused) and init time, as ms and as a share of the SDK clients' own init over an empty
 * module; and, for the record, every non-SDK byte (framework included).
 *
 * Targets (issue 6): our code adds ≤ 50 KB and ≤ 20% init over the SDK clients a handler needs;
 * a handler needing no SDK client stays under 100 KB in all.
 *
 * Run: `npm run bench -- bundles` (BENCH_RUNS=n for more imports per module; default 5;
 * BENCH_HANDLERS=a,b for some handlers only: `list-versions` measures every source type's bundle).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { SOURCE_TYPES } from '../functions/adapters/sources/source-types.js';
import type { SourceType } from '../functions/core/config/source-schema.js';
import { HANDLERS, bundleDefines, clientsOf, deployedHandlers, type HandlerName, type HandlerSpec } from '../infra/aws/handler-catalog.js';
import { PROJECT_ROOT } from '../infra/aws/handler-function.js';

const exec = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** BENCH_OMIT=false bundles every port into every handler, as before per-handler omission: the "before" figures. */
const OMIT = process.env.BENCH_OMIT !== 'false';

/** The client class each SDK package is represented by in the bare bundle. */
const CLIENT_CLASSES: Readonly<Record<string, string>> = {
  '@aws-sdk/client-dynamodb': 'DynamoDBClient',
  '@aws-sdk/lib-dynamodb': 'DynamoDBDocumentClient',
  '@aws-sdk/client-sfn': 'SFNClient',
  '@aws-sdk/client-codebuild': 'CodeBuildClient',
  '@aws-sdk/client-codedeploy': 'CodeDeployClient',
  '@aws-sdk/client-lambda': 'LambdaClient',
  '@aws-sdk/client-cloudwatch': 'CloudWatchClient',
  '@aws-sdk/client-sns': 'SNSClient',
  '@aws-sdk/client-secrets-manager': 'SecretsManagerClient',
  '@aws-sdk/client-codepipeline': 'CodePipelineClient',
  '@aws-sdk/client-scheduler': 'SchedulerClient',
};

/** The same esbuild options as the stack's `NodejsFunction`s. */
async function bundle(entry: string | { readonly contents: string }, outfile: string, define: Record<string, string> = {}): Promise<{ bytes: number; metafile: Metafile }> {
  const result = await build({
    // Generated entries resolve packages from the repository, as the handlers do.
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { contents: entry.contents, resolveDir: PROJECT_ROOT, loader: 'js' as const } }),
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    minify: true,
    metafile: true,
    define,
    logLevel: 'silent',
    banner: { js: "import { createRequire as __upkeepCreateRequire } from 'node:module'; const require = __upkeepCreateRequire(import.meta.url);" },
  });
  return { bytes: statSync(outfile).size, metafile: result.metafile };
}

/** Milliseconds to import `file` once, cold, in a fresh node process. */
async function importMs(file: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
  // Lambda's own variables: the handlers load the tracer only where these say Lambda.
  const env = { PATH: process.env.PATH ?? '', AWS_LAMBDA_FUNCTION_NAME: 'upkeep-bench', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_REGION: 'eu-west-1' };
  const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script], { env });
  return Number(stdout.trim());
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Cold imports of `file` and of `base`, alternating {@link RUNS} times: both medians, and the median of the pairs' differences. */
interface Paired { readonly ms: number; readonly baseMs: number; readonly addedMs: number }

/**
 * Times `file` against `base` in alternation, so that what the machine is doing meanwhile
 * weighs on both alike: the added time is the median of the differences within each pair,
 * steadier than the difference of two medians taken minutes apart.
 */
async function pairedMs(file: string, base: string): Promise<Paired> {
  const own: number[] = [];
  const bases: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    own.push(await importMs(file));
    bases.push(await importMs(base));
  }
  return { ms: median(own), baseMs: median(bases), addedMs: median(own.map((ms, i) => ms - (bases[i] as number))) };
}

/** The SDK commands a bundle contains, by package: what the handler's code sends. */
function commandsOf(metafile: Metafile): Map<string, Set<string>> {
  const commands = new Map<string, Set<string>>();
  for (const [path, input] of Object.entries(Object.values(metafile.outputs)[0]?.inputs ?? {})) {
    if (input.bytesInOutput === 0) continue;
    const match = /node_modules\/(@aws-sdk\/(?:client-[a-z-]+|lib-dynamodb))\/dist-es\/commands\/(\w+Command)\.js$/.exec(path);
    if (match === null) continue;
    const [, pkg, command] = match as unknown as [string, string, string];
    commands.set(pkg, (commands.get(pkg) ?? new Set()).add(command));
  }
  return commands;
}

/** The package a bundled module belongs to, or its repository path for our own modules. */
function packageOf(path: string): string {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
}

/**
 * Bytes of a bundle by what they are: the SDK (`@aws-sdk`, `@smithy`, `@aws-crypto` and every
 * package the bare SDK bundle also contains, i.e. the SDK's own dependencies), Powertools, our
 * source under `functions/` and `statemachines/`, and other libraries we chose.
 */
function split(metafile: Metafile, sdkPackages: ReadonlySet<string>): { sdk: number; powertools: number; source: number; libraries: Record<string, number> } {
  const parts = { sdk: 0, powertools: 0, source: 0, libraries: {} as Record<string, number> };
  for (const [path, input] of Object.entries(Object.values(metafile.outputs)[0]?.inputs ?? {})) {
    const pkg = packageOf(path);
    if (sdkPackages.has(pkg) || /^@(aws-sdk|smithy|aws-crypto)\//.test(pkg)) parts.sdk += input.bytesInOutput;
    else if (pkg.startsWith('@aws-lambda-powertools/')) parts.powertools += input.bytesInOutput;
    else if (!path.includes('node_modules/')) parts.source += input.bytesInOutput;
    else parts.libraries[pkg] = (parts.libraries[pkg] ?? 0) + input.bytesInOutput;
  }
  return parts;
}

const kb = (bytes: number): number => Math.round(bytes / 102.4) / 10;
const sum = (values: Record<string, number>): number => Object.values(values).reduce((a, b) => a + b, 0);

/**
 * What the issue has every function carry, by the package it comes from: the handler's bundle
 * says which of them it uses (a handler that publishes no metrics carries no Metrics).
 */
const FRAMEWORK: readonly { readonly pkg: string; readonly exports: string }[] = [
  // Each utility as the functions use it: the logger and the tracer are made at load.
  { pkg: '@aws-lambda-powertools/logger', exports: "import { Logger } from '@aws-lambda-powertools/logger';\nexport const f_logger = new Logger({ serviceName: 'upkeep' });\nexport { injectLambdaContext as f_injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';" },
  // (Metrics are made at the first figure a step publishes: the class only.)
  { pkg: '@aws-lambda-powertools/metrics', exports: "export { Metrics as f_Metrics, MetricUnit as f_MetricUnit } from '@aws-lambda-powertools/metrics';" },
  { pkg: '@aws-lambda-powertools/tracer', exports: "import { Tracer } from '@aws-lambda-powertools/tracer';\nexport const f_tracer = new Tracer({ serviceName: 'upkeep' });\nexport { captureLambdaHandler as f_captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';" },
  { pkg: '@middy/core', exports: "export { default as f_middy } from '@middy/core';" },
];

/** A bundle measured: bytes, cold import ms, the packages in it. */
interface Measured {
  readonly bytes: number;
  readonly file: string;
  /** Its cold import against an empty module's. */
  readonly vsEmpty: Paired;
  readonly packages: ReadonlySet<string>;
}

/** A bundle the stack deploys: a handler, and for one deployed per source type, the type its bundle carries. */
interface Deployed {
  readonly handler: HandlerName;
  readonly sourceType?: SourceType;
}

/** The handlers as the stack bundles them: one bundle per source type for `list-versions`. */
function bundlesOf(handlers: readonly HandlerName[]): Deployed[] {
  return handlers.flatMap((handler): Deployed[] => {
    const spec: HandlerSpec = HANDLERS[handler];
    return spec.perSourceType === true ? SOURCE_TYPES.map((sourceType) => ({ handler, sourceType })) : [{ handler }];
  });
}

/**
 * Measures the given handlers (all the stack deploys by default: the shared ones, the
 * per-component lifecycle hook and the per-source-type `list-versions`).
 */
export async function measureBundles(handlers: readonly HandlerName[] = [...deployedHandlers(), 'lifecycle-hook', 'list-versions']): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'upkeep-bench-bundles-'));
  const figures: Record<string, number | string> = {};
  try {
    const empty = await bundle({ contents: 'export {};\n' }, join(dir, 'out-empty.mjs'));
    const emptyFile = join(dir, 'out-empty.mjs');
    figures['empty module'] = `${empty.bytes} B`;

    // Generated bundles by their source: handlers with the same clients and commands share them.
    const generated = new Map<string, Measured>();
    const measureGenerated = async (contents: string): Promise<Measured> => {
      const known = generated.get(contents);
      if (known !== undefined) return known;
      const out = join(dir, `out-generated-${generated.size}.mjs`);
      const built = await bundle({ contents }, out);
      const packages = new Set(Object.entries(Object.values(built.metafile.outputs)[0]?.inputs ?? {}).filter(([p, i]) => p.includes('node_modules/') && i.bytesInOutput > 0).map(([p]) => packageOf(p)));
      const measured = { bytes: built.bytes, file: out, vsEmpty: await pairedMs(out, emptyFile), packages };
      generated.set(contents, measured);
      return measured;
    };

    const misses: string[] = [];
    const others: Record<string, number> = {};
    let largest = { handler: '', ours: 0 };
    for (const { handler, sourceType } of bundlesOf(handlers)) {
      const name = sourceType === undefined ? handler : `${handler} (${sourceType})`;
      const out = join(dir, `out-${handler}${sourceType === undefined ? '' : `-${sourceType}`}.mjs`);
      const { bytes, metafile } = await bundle(join(PROJECT_ROOT, 'functions/handlers', `${handler}.ts`), out, OMIT ? bundleDefines(handler, sourceType) : {});
      // The bare bundle: the client classes the handler needs and the commands its bundle sends, nothing of ours.
      const clients = clientsOf(handler, sourceType);
      const commands = commandsOf(metafile);
      const sdkSource = clients.map((pkg, i) => `export { ${[CLIENT_CLASSES[pkg], ...(commands.get(pkg) ?? [])].map((name) => `${name} as p${i}_${name}`).join(', ')} } from '${pkg}';`).join('\n') + '\nexport {};\n';
      const sdk = await measureGenerated(sdkSource);
      // The framework bundle: the same plus the Powertools utilities and middy the handler carries.
      const carried = new Set(Object.entries(Object.values(metafile.outputs)[0]?.inputs ?? {}).filter(([, i]) => i.bytesInOutput > 0).map(([p]) => packageOf(p)));
      const framework = await measureGenerated(`${sdkSource}${FRAMEWORK.filter((f) => carried.has(f.pkg)).map((f) => f.exports).join('\n')}\n`);

      const parts = split(metafile, sdk.packages);
      const nonSdk = parts.source + parts.powertools + sum(parts.libraries);
      const ours = Math.max(0, bytes - framework.bytes);
      const init = await pairedMs(out, framework.file);
      const { ms } = init;
      const oursMs = init.addedMs;
      const sdkMs = sdk.vsEmpty.addedMs;
      const addedPct = clients.length > 0 && sdkMs > 0 ? Math.round((oursMs / sdkMs) * 100) : Number.NaN;
      const chosen = Object.entries(parts.libraries).filter(([name]) => !framework.packages.has(name)).sort((a, b) => b[1] - a[1]);
      for (const [name, b] of [['functions/ (ours)', parts.source] as const, ...chosen]) others[name] = Math.max(others[name] ?? 0, b);
      if (ours > largest.ours) largest = { handler: name, ours };
      const ok = clients.length === 0 ? bytes < 100 * 1024 : kb(ours) <= 50 && addedPct <= 20;
      if (!ok) misses.push(name);
      const libs = chosen.map(([name, b]) => `, ${name} ${kb(b)}`).join('');
      figures[name] = `${kb(bytes)} KB, init ${ms.toFixed(0)} ms`
        + ` | bare SDK [${clients.join('+') || 'none'}; ${[...commands.values()].reduce((n, c) => n + c.size, 0)} commands] ${kb(sdk.bytes)} KB, +${sdkMs.toFixed(0)} ms over an empty module`
        + ` | framework (SDK + Powertools ${kb(parts.powertools)} + middy) ${kb(framework.bytes)} KB, ${init.baseMs.toFixed(0)} ms`
        + ` | ours ${kb(ours)} KB (functions/ ${kb(parts.source)}${libs}), init +${oursMs.toFixed(0)} ms (${Number.isNaN(addedPct) ? 'n/a' : `${addedPct}% of the SDK's`})`
        + ` | all non-SDK ${kb(nonSdk)} KB ${ok ? 'ok' : 'MISSED'}`;
    }
    figures['largest parts of ours (max over handlers)'] = Object.entries(others).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, b]) => `${name} ${kb(b)} KB`).join(', ');
    figures['largest own share'] = `${largest.handler} ${kb(largest.ours)} KB`;
    figures['targets missed'] = misses.length === 0 ? 'none' : `${misses.length}/${bundlesOf(handlers).length}: ${misses.join(', ')}`;
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run bench -- bundles`. */
export function run(): Promise<Record<string, number | string>> {
  const only = process.env.BENCH_HANDLERS?.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (only === undefined || only.length === 0) return measureBundles();
  const unknown = only.filter((name) => !(name in HANDLERS));
  if (unknown.length > 0) throw new Error(`BENCH_HANDLERS names no handler ${unknown.join(', ')}; handlers: ${Object.keys(HANDLERS).join(', ')}`);
  return measureBundles(only as HandlerName[]);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then((figures) => {
    for (const [key, value] of Object.entries(figures)) console.log(`  ${key}: ${value}`);
  }, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
