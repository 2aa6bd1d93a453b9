/**
 * The demo system's three services, as source files per version. Each is a tiny HTTP service
 * with its own tests (node:test, JUnit report), a benchmark that measures the candidate
 * against the current version in the same build, and a CodeBuild buildspec.
 */

export interface ServiceVersion {
  readonly tag: string;
  readonly message: string;
  /** Share of `/` requests answered 500: the demo's broken release has a bug its tests miss. */
  readonly failureRate: number;
  readonly note: string;
}

export interface DemoService {
  readonly name: string;
  readonly description: string;
  readonly versions: readonly ServiceVersion[];
}

export const DEMO_SERVICES: readonly DemoService[] = [
  {
    name: 'catalog',
    description: 'product catalog; its patch passes simulation, auto-approves and completes a canary',
    versions: [
      { tag: 'v1.0.0', message: 'catalog 1.0.0', failureRate: 0, note: 'first release' },
      { tag: 'v1.0.1', message: 'fix: trim product names', failureRate: 0, note: 'Fixes: product names are trimmed.' },
    ],
  },
  {
    name: 'payments',
    description: 'payments; its major release waits for a human approval',
    versions: [
      { tag: 'v1.3.0', message: 'payments 1.3.0', failureRate: 0, note: 'first release' },
      { tag: 'v2.0.0', message: 'feat!: new settlement API\n\nBREAKING CHANGE: /settle now takes a currency.', failureRate: 0, note: 'BREAKING CHANGE: /settle now takes a currency.' },
    ],
  },
  {
    name: 'search',
    description: 'search; its release breaks under real traffic and is rolled back by an alarm',
    versions: [
      { tag: 'v2.1.0', message: 'search 2.1.0', failureRate: 0, note: 'first release' },
      { tag: 'v2.1.1', message: 'perf: new ranking cache', failureRate: 0.6, note: 'Performance: ranking results are cached.' },
    ],
  },
];

/** The files of one version of a service. */
export function serviceFiles(service: DemoService, version: ServiceVersion): Record<string, string> {
  return {
    'lib.mjs': `// ${service.name} ${version.tag}: the request handling, kept apart so tests and the benchmark can call it.
export const VERSION = ${JSON.stringify(version.tag)};
const FAILURE_RATE = ${version.failureRate};

export function health() {
  return { status: 200, body: { ok: true, service: ${JSON.stringify(service.name)}, version: VERSION } };
}

export function handle(path, random = Math.random) {
  if (random() < FAILURE_RATE) return { status: 500, body: { error: 'ranking cache miss' } };
  const items = ['alpha', 'beta', 'gamma'].map((name) => ({ name: name.trim(), path }));
  return { status: 200, body: { service: ${JSON.stringify(service.name)}, version: VERSION, items } };
}
`,
    'server.mjs': `import { createServer } from 'node:http';
import { handle, health } from './lib.mjs';

const port = Number(process.argv[2] ?? process.env.PORT ?? 3000);
createServer((req, res) => {
  const { status, body } = req.url === '/health' ? health() : handle(req.url ?? '/');
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}).listen(port, '127.0.0.1');
`,
    'test/lib.test.mjs': `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handle, health } from '../lib.mjs';

test('health answers ok', () => assert.equal(health().status, 200));
test('lists items', () => assert.equal(handle('/', () => 0.99).body.items.length, 3));
test('names are trimmed', () => assert.ok(handle('/', () => 0.99).body.items.every((i) => i.name === i.name.trim())));
`,
    'bench.mjs': `// Measures the candidate against the current version in the same build: the size of the
// answer to a standard request. A figure that does not depend on how busy the machine is keeps
// the demo's decisions the same on every run (timings would wander with the load).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

async function answerBytes(modulePath) {
  const { handle } = await import(pathToFileURL(modulePath).href);
  return Buffer.byteLength(JSON.stringify(handle('/bench', () => 0.99).body));
}

const candidate = await answerBytes('./lib.mjs');
let baseline = candidate;
const current = process.env.UPKEEP_CURRENT_VERSION;
if (current) {
  mkdirSync('.baseline', { recursive: true });
  const tag = current.startsWith('v') ? current : 'v' + current;
  writeFileSync('.baseline/lib.mjs', execFileSync('git', ['show', tag + ':lib.mjs']));
  baseline = await answerBytes('.baseline/lib.mjs');
}
writeFileSync('benchmark.json', JSON.stringify({ baseline, candidate }));
console.log('answer size: current ' + baseline + ' bytes, candidate ' + candidate + ' bytes');
`,
    'buildspec.yml': `version: 0.2
phases:
  pre_build:
    commands:
      - mkdir -p reports
  build:
    commands:
      - node --test --test-reporter=junit --test-reporter-destination=reports/unit.xml test/
  post_build:
    commands:
      - node bench.mjs
reports:
  unit:
    files:
      - reports/unit.xml
`,
    'CHANGELOG.md': `# ${service.name}\n\n## ${version.tag}\n\n${version.note}\n`,
  };
}
