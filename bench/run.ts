/**
 * `npm run bench [-- NAME…]`: runs the named benchmarks (all when none is named) and prints
 * their figures. Benchmarks are never part of `npm test`; their figures go into issue notes.
 */
import { pathToFileURL } from 'node:url';

const BENCHMARKS: Record<string, () => Promise<{ run: () => Promise<Record<string, number | string>> }>> = {
  engine: () => import('./engine.js'),
  'deployer-rollback': () => import('./deployer-rollback.js'),
  detect: () => import('./detect.js'),
  bundles: () => import('./bundles.js'),
  'api-load': () => import('./api-load.js'),
};

export async function main(names: readonly string[]): Promise<number> {
  const unknown = names.filter((n) => !(n in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
    return 2;
  }
  for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
    const started = performance.now();
    const figures = await (await (BENCHMARKS[name] as () => Promise<{ run: () => Promise<Record<string, number | string>> }>)()).run();
    console.log(`\n## ${name} (${Math.round(performance.now() - started)} ms)`);
    for (const [key, value] of Object.entries(figures)) console.log(`  ${key}: ${value}`);
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  main(process.argv.slice(2)).then((code) => (process.exitCode = code), (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
