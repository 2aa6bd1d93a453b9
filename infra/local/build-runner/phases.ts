/**
 * CodeBuild's phase semantics: INSTALL, PRE_BUILD, BUILD, POST_BUILD in order; `finally` runs
 * after a phase's commands whether they failed or not; a failed INSTALL or PRE_BUILD ends the
 * build, a failed BUILD still runs POST_BUILD. `on-failure: CONTINUE` goes on to the next phase
 * (the build still ends FAILED), `RETRY` runs the phase again up to three times.
 */
import type { BuildLog } from './build-log.js';
import type { Buildspec, PhaseSpec, PhaseType } from './buildspec.js';
import type { BlockOutcome, ShellSession } from './shell-session.js';

/** CodeBuild retries a phase with `on-failure: RETRY` this many times. */
const RETRIES = 3;

/** A phase as `BatchGetBuilds` lists it. */
export interface PhaseRecord {
  readonly phaseType: string;
  readonly phaseStatus: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'STOPPED';
  readonly startTime: string;
  readonly endTime: string;
  readonly durationInSeconds: number;
  /** Why it failed, as CodeBuild's phase context message. */
  readonly message?: string;
}

/** How the phases went. */
export interface PhasesOutcome {
  readonly phases: readonly PhaseRecord[];
  /** One line per failed phase, naming the phase and the command; empty when all succeeded. */
  readonly failures: readonly string[];
}

/**
 * Runs the buildspec's phases in `shell`. When the session's signal aborts (time-out, stop) the
 * running phase is recorded as `interrupted` and no further phase starts.
 *
 * @example
 * ```ts
 * const { phases, failures } = await runPhases(spec, shell, log, { signal, interrupted: () => 'TIMED_OUT' });
 * ```
 */
export async function runPhases(
  spec: Buildspec,
  shell: ShellSession,
  log: BuildLog,
  stop: { readonly signal: AbortSignal; interrupted(): 'TIMED_OUT' | 'STOPPED' },
): Promise<PhasesOutcome> {
  const phases: PhaseRecord[] = [];
  const failures: string[] = [];
  let endEarly = false;
  for (const phase of spec.phases) {
    if (endEarly || stop.signal.aborted) break;
    const started = new Date();
    log.note(`Entering phase ${phase.type}`);
    let outcome = await runPhase(phase, shell, failures.length === 0);
    for (let retry = 1; !outcome.ok && phase.onFailure === 'RETRY' && retry <= RETRIES && !stop.signal.aborted; retry += 1) {
      log.note(`Phase ${phase.type} failed; retrying (${retry} of ${RETRIES})`);
      outcome = await runPhase(phase, shell, failures.length === 0);
    }
    const ended = new Date();
    const status = outcome.ok ? 'SUCCEEDED' : stop.signal.aborted ? stop.interrupted() : 'FAILED';
    const message = status === 'FAILED' ? describe(phase.type, outcome) : undefined;
    phases.push({
      phaseType: phase.type,
      phaseStatus: status,
      startTime: started.toISOString(),
      endTime: ended.toISOString(),
      durationInSeconds: Math.round((ended.getTime() - started.getTime()) / 1000),
      ...(message === undefined ? {} : { message }),
    });
    if (message !== undefined) {
      log.note(`Phase context status code: COMMAND_EXECUTION_ERROR Message: ${message}`);
      failures.push(phase.onFailure === 'CONTINUE' ? `${message} (on-failure: CONTINUE, later phases ran)` : message);
      endEarly = phase.onFailure !== 'CONTINUE' && (phase.type === 'INSTALL' || phase.type === 'PRE_BUILD');
    }
    log.note(`Phase complete: ${phase.type} State: ${status}`);
  }
  return { phases, failures };
}

/** The commands, then `finally` whatever happened; the first failure is the phase's. */
async function runPhase(phase: PhaseSpec, shell: ShellSession, succeeding: boolean): Promise<BlockOutcome> {
  const main = await shell.run(phase.commands, succeeding);
  const last = await shell.run(phase.finally, succeeding && main.ok);
  return main.ok ? last : main;
}

function describe(type: PhaseType, outcome: BlockOutcome): string {
  const how = outcome.signal !== undefined ? `was killed by ${outcome.signal}` : `exited with code ${outcome.exitCode ?? 1}`;
  return `phase ${type} failed: command ${JSON.stringify(oneLine(outcome.command ?? ''))} ${how}`;
}

function oneLine(command: string): string {
  const first = command.trim().split('\n')[0] ?? '';
  return first.length > 120 ? `${first.slice(0, 117)}...` : first;
}
