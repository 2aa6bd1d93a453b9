/**
 * Benchmark: what each Lambda bundle weighs and costs to load, against what it cannot avoid.
 * For every handler the stack deploys, bundles it exactly as `infra/aws/handler-function.ts`
 * does (esbuild, ESM, node20, minified, SDK bundled), then in the same run bundles
 * - an empty module, and
 * - a bare bundle of the AWS SDK v3 clients the handler needs (its needs in
 *   `infra/aws/handler-catalog.ts`: the client classes, nothing of ours),
 * and imports each cold in a fresh `node` process (median of several). Reports per handler its
 * size, its own code's added KB and the init time it adds over the bare SDK bundle, in ms and %.
 *
 * Targets (issue 6): our code adds ≤ 50 KB and ≤ 20% init over the SDK clients a handler needs;
 * a handler needing no SDK client stays under 100 KB.
 *
 * Run: `npm run bench -- bundles` (BENCH_RUNS=n for more imports per module; default 5).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { bundleDefines, clientsOf, deployedHandlers, type HandlerName } from '../infra/aws/handler-catalog.js';
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

/** Milliseconds to import `file` in a fresh node process, median of {@link RUNS}. */
async function initMs(file: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '' } });
    times.push(Number(stdout.trim()));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

/** Bytes of the bundle that come from a package, grouped: `@aws-sdk`+`@smithy` vs everything else. */
function split(metafile: Metafile): { sdk: number; other: Record<string, number> } {
  const output = Object.values(metafile.outputs)[0];
  const other: Record<string, number> = {};
  let sdk = 0;
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
    if (pkg !== undefined && /^@(aws-sdk|smithy|aws-crypto)\//.test(pkg)) sdk += input.bytesInOutput;
    else {
      const key = pkg ?? path.split('/').slice(0, 2).join('/');
      other[key] = (other[key] ?? 0) + input.bytesInOutput;
    }
  }
  return { sdk, other };
}

const kb = (bytes: number): number => Math.round(bytes / 102.4) / 10;

/** Measures the given handlers (all the stack deploys by default). */
export async function measureBundles(handlers: readonly HandlerName[] = deployedHandlers()): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'upkeep-bench-bundles-'));
  const figures: Record<string, number | string> = {};
  try {
    const empty = await bundle({ contents: 'export {};\n' }, join(dir, 'out-empty.mjs'));
    const emptyMs = await initMs(join(dir, 'out-empty.mjs'));
    figures['empty module'] = `${empty.bytes} B, ${emptyMs.toFixed(1)} ms`;

    const sdkBundles = new Map<string, { bytes: number; ms: number }>();
    const misses: string[] = [];
    const others: Record<string, number> = {};
    for (const handler of handlers) {
      const clients = clientsOf(handler);
      const key = clients.join('+') || '(none)';
      if (!sdkBundles.has(key)) {
        const contents = clients.map((pkg) => `export { ${CLIENT_CLASSES[pkg]} } from '${pkg}';`).join('\n') + '\nexport {};\n';
        const out = join(dir, `out-sdk-${sdkBundles.size}.mjs`);
        const { bytes } = await bundle({ contents }, out);
        sdkBundles.set(key, { bytes, ms: await initMs(out) });
      }
      const sdk = sdkBundles.get(key) as { bytes: number; ms: number };
      const out = join(dir, `out-${handler}.mjs`);
      const { bytes, metafile } = await bundle(join(PROJECT_ROOT, 'functions/handlers', `${handler}.ts`), out, OMIT ? bundleDefines(handler) : {});
      const ms = await initMs(out);
      const addedKb = kb(bytes - sdk.bytes);
      const addedPct = sdk.ms - emptyMs > 0 ? Math.round(((ms - sdk.ms) / (sdk.ms - emptyMs)) * 100) : Number.NaN;
      const parts = split(metafile);
      for (const [name, b] of Object.entries(parts.other)) others[name] = Math.max(others[name] ?? 0, b);
      const ok = clients.length === 0 ? bytes < 100 * 1024 : addedKb <= 50 && addedPct <= 20;
      if (!ok) misses.push(handler);
      figures[handler] = `${kb(bytes)} KB (SDK ${kb(parts.sdk)} KB), init ${ms.toFixed(0)} ms | bare SDK [${key}] ${kb(sdk.bytes)} KB, ${sdk.ms.toFixed(0)} ms | ours +${addedKb} KB, +${(ms - sdk.ms).toFixed(0)} ms (${Number.isNaN(addedPct) ? 'n/a' : `${addedPct}%`}) ${ok ? 'ok' : 'MISSED'}`;
    }
    const largest = Object.entries(others).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, b]) => `${name} ${kb(b)} KB`);
    figures['largest non-SDK parts (max over handlers)'] = largest.join(', ');
    figures['targets missed'] = misses.length === 0 ? 'none' : `${misses.length}/${handlers.length}: ${misses.join(', ')}`;
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run bench -- bundles`. */
export function run(): Promise<Record<string, number | string>> {
  return measureBundles();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then((figures) => {
    for (const [key, value] of Object.entries(figures)) console.log(`  ${key}: ${value}`);
  }, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
