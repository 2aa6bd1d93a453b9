import { spawn } from 'node:child_process';
import { resolve, sep } from 'node:path';

/** One run of a component's `deploy.smokeTest`. */
export interface SmokeTestRun {
  /** The checkout of the candidate; the script path is relative to it. */
  readonly dir: string;
  /** `deploy.smokeTest`. */
  readonly script: string;
  readonly phase: 'pre-traffic' | 'post-traffic';
  /** Where the candidate answers (its own port, not the proxy). */
  readonly candidateUrl: string;
  readonly component: string;
  readonly candidate: string;
  readonly current?: string;
  /** @default 60000 */
  readonly timeoutMs?: number;
}

/** How a smoke test ended. */
export interface SmokeTestResult {
  readonly ok: boolean;
  /** `passed`, or why not: exit code, signal, time limit, or a script that would not start. */
  readonly summary: string;
  /** The last lines it printed (stdout and stderr). */
  readonly output: string;
}

const KEEP = 2000;

/**
 * Runs a component's smoke test the way a CodeDeploy lifecycle hook would, locally: the script
 * from the candidate's checkout, with the candidate's URL in `UPKEEP_CANDIDATE_URL` (and
 * `UPKEEP_SMOKE_PHASE`, `UPKEEP_COMPONENT`, `UPKEEP_CANDIDATE_VERSION`, `UPKEEP_CURRENT_VERSION`).
 * Exit code 0 passes; anything else, or the time limit, fails. Never throws.
 *
 * @example
 * ```ts
 * const result = await runSmokeTest({ dir, script: 'ci/smoke.sh', phase: 'pre-traffic', candidateUrl: 'http://127.0.0.1:41234', component: 'api', candidate: '1.3.0' });
 * ```
 */
export function runSmokeTest(run: SmokeTestRun): Promise<SmokeTestResult> {
  const path = resolve(run.dir, run.script);
  if (!path.startsWith(resolve(run.dir) + sep)) return Promise.resolve({ ok: false, summary: `smoke test ${run.script} is outside the checkout`, output: '' });
  return new Promise((done) => {
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-KEEP);
    };
    const child = spawn(path, [], {
      cwd: run.dir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? run.dir,
        UPKEEP_SMOKE_PHASE: run.phase,
        UPKEEP_CANDIDATE_URL: run.candidateUrl,
        UPKEEP_COMPONENT: run.component,
        UPKEEP_CANDIDATE_VERSION: run.candidate,
        ...(run.current === undefined ? {} : { UPKEEP_CURRENT_VERSION: run.current }),
      },
    });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, run.timeoutMs ?? 60_000);
    let timedOut = false;
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ ok: false, summary: `smoke test ${run.script} did not start: ${error.message}`, output });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) done({ ok: true, summary: 'passed', output });
      else done({ ok: false, summary: timedOut ? `smoke test ${run.script} ran past its time limit` : `smoke test ${run.script} exited ${code ?? signal}`, output });
    });
  });
}
