/** Shared bits of the build runner tests: real git repositories with buildspecs, and process checks. */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import type { GitSource } from '../../../../functions/core/config/source-schema.js';
import type { BuildRecord, LocalBuildRequest, LocalBuildRunner } from '../../../../infra/local/build-runner/index.js';
import { gitEnv } from '../../../support/fake-git-repos.js';

const exec = promisify(execFile);

/** One tagged release: the files it changes. */
export interface Release {
  readonly tag: string;
  readonly files: Readonly<Record<string, string>>;
}

/** Creates `<root>/<name>.git` (bare) holding one commit per release, each tagged. */
export async function createRepo(root: string, name: string, releases: readonly Release[]): Promise<string> {
  const bare = join(root, `${name}.git`);
  const work = join(root, `${name}-work`);
  const env = gitEnv();
  const git = async (args: string[], cwd: string): Promise<string> => (await exec('git', args, { cwd, env })).stdout.trim();
  await mkdir(work, { recursive: true });
  await git(['init', '--quiet', '--bare', bare], root);
  await git(['init', '--quiet', '-b', 'main', work], root);
  for (const release of releases) {
    for (const [path, text] of Object.entries(release.files)) {
      await mkdir(dirname(join(work, path)), { recursive: true });
      await writeFile(join(work, path), text);
    }
    await git(['add', '-A'], work);
    await git(['commit', '--quiet', '--allow-empty', '-m', `release ${release.tag}`], work);
    await git(['tag', release.tag], work);
  }
  await git(['push', '--quiet', bare, 'main', '--tags'], work);
  return bare;
}

/** The commit a tag of `bare` points at. */
export async function commitOf(bare: string, tag: string): Promise<string> {
  return (await exec('git', ['rev-parse', `${tag}^{commit}`], { cwd: bare, env: gitEnv() })).stdout.trim();
}

/** A git source for `url`. */
export function gitSource(url: string, tagPattern?: string): GitSource {
  return { type: 'git', url, verifySignatures: false, ...(tagPattern === undefined ? {} : { tagPattern }) };
}

/** A buildspec (version 0.2) as YAML text. */
export function buildspec(spec: Record<string, unknown>): string {
  return stringify({ version: 0.2, ...spec });
}

/** A JUnit report with `passed` passing, `failed` failing and `skipped` skipped cases, as a shell command writing it to `path`. */
export function writeJUnit(path: string, counts: { passed: number; failed?: number; skipped?: number }): string {
  const cases = [
    ...Array.from({ length: counts.passed }, (_, i) => `<testcase name="pass ${i}"/>`),
    ...Array.from({ length: counts.failed ?? 0 }, (_, i) => `<testcase name="fail ${i}"><failure message="boom">expected 1</failure></testcase>`),
    ...Array.from({ length: counts.skipped ?? 0 }, (_, i) => `<testcase name="skip ${i}"><skipped/></testcase>`),
  ];
  const xml = `<?xml version="1.0"?><testsuites><testsuite name="s">${cases.join('')}</testsuite></testsuites>`;
  return `mkdir -p "$(dirname ${path})" && printf '%s' '${xml}' > ${path}`;
}

/** A request for `component` with sensible defaults. */
export function request(overrides: Partial<LocalBuildRequest> & Pick<LocalBuildRequest, 'buildspec'>): LocalBuildRequest {
  return { workflowId: 'wf-1', component: 'api', candidateVersion: 'v1.1.0', currentVersion: 'v1.0.0', timeoutSeconds: 60, ...overrides };
}

/** Starts a build and waits for it to finish. */
export async function build(runner: LocalBuildRunner, req: LocalBuildRequest): Promise<BuildRecord> {
  const started = await runner.start(req);
  return runner.wait(started.id);
}

/** True while `pid` is a live process (a zombie waiting to be reaped counts as gone). */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/^\d+ \(.*\) Z/.test(stat);
}

/** A buildspec whose build phase runs `commands`, then writes a passing one-test unit report (a build with no tests fails). */
export function passingSpec(commands: readonly string[], extra: Record<string, unknown> = {}): string {
  return buildspec({
    ...extra,
    phases: { build: { commands: [...commands, writeJUnit('upkeep-reports/unit.xml', { passed: 1 })] } },
    reports: { unit: { files: ['upkeep-reports/unit.xml'] } },
  });
}
