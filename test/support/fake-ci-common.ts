import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './fake-http-server.js';

/** How a fake CI run ends when nobody cancels it. */
export type Outcome = 'success' | 'failure';

/** Versions containing "bad" fail in every fake CI: one convention for all provider tests. */
export function outcomeFor(version: string | undefined): Outcome {
  return version?.includes('bad') === true ? 'failure' : 'success';
}

/**
 * A run's life in a fake CI provider: queued, then running, then done, one step each time
 * its status is read, so a client that polls sees every phase without timers.
 */
export class ScriptedRun {
  public phase: 'queued' | 'running' | 'done' = 'queued';
  public cancelled = false;

  public constructor(public readonly outcome: Outcome) {}

  /** Moves one phase on (a cancelled run stays where it stopped). */
  public advance(): void {
    if (this.cancelled) return;
    this.phase = this.phase === 'queued' ? 'running' : 'done';
  }

  public cancel(): boolean {
    if (this.phase === 'done' || this.cancelled) return false;
    this.cancelled = true;
    this.phase = 'done';
    return true;
  }

  /** The end, once done: the outcome, or cancelled. */
  public get result(): Outcome | 'cancelled' | undefined {
    if (this.phase !== 'done') return undefined;
    return this.cancelled ? 'cancelled' : this.outcome;
  }
}

/**
 * Answers 429 with `Retry-After: 1` while `budget.left` is positive — how every provider
 * asks a client to slow down. Returns true when it answered.
 */
export function throttle(res: ServerResponse, budget: { left: number }): boolean {
  if (budget.left <= 0) return false;
  budget.left -= 1;
  sendJson(res, 429, { message: 'API rate limit exceeded' }, { 'retry-after': '1' });
  return true;
}

/** The request's URL parsed against the fake's base. */
export function urlOf(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://127.0.0.1');
}

/** The request body as JSON, or undefined when it is not JSON. */
export function jsonBody(body: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(body) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
