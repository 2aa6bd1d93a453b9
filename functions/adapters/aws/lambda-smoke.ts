import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ValidationError } from '../../core/errors.js';
import { toAwsUpkeepError } from './aws-errors.js';

/**
 * A Lambda smoke test is a JSON file of cases, named by the component's `deploy.smokeTest` and
 * read relative to `upkeep.yaml` (a Lambda target has no checkout; the file ships with the
 * configuration into every function). Each case invokes the candidate version directly (never
 * through the alias) with its payload; it passes when the function returns without a
 * `FunctionError` and the response meets `expect`.
 *
 * ```json
 * { "cases": [{ "name": "health", "payload": { "rawPath": "/health" }, "expect": { "statusCode": 200, "bodyIncludes": "ok" } }] }
 * ```
 */
export interface SmokeCase {
  readonly name: string;
  /** The event the function is invoked with. @default {} */
  readonly payload: unknown;
  readonly expect: {
    /** The response's `statusCode` (API Gateway-style responses). */
    readonly statusCode?: number;
    /** Text the serialised response must contain. */
    readonly bodyIncludes?: string;
  };
}

const CASE_KEYS = new Set(['name', 'payload', 'expect']);
const EXPECT_KEYS = new Set(['statusCode', 'bodyIncludes']);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The problems of a smoke-test file, each as `path message`. Checked by hand rather than by a
 * schema library: this runs inside the deployment functions, whose bundles stay small (issue 6).
 */
function smokeProblems(file: unknown): string[] {
  if (!isObject(file)) return ['(file) must be an object { "cases": [...] }'];
  const problems = Object.keys(file).filter((key) => key !== 'cases').map((key) => `${key} is not a known field; remove it`);
  const cases = file.cases;
  if (!Array.isArray(cases) || cases.length === 0) return [...problems, 'cases must list at least one case'];
  cases.forEach((item: unknown, i) => {
    const at = `cases.${i}`;
    if (!isObject(item)) {
      problems.push(`${at} must be an object { "name", "payload", "expect" }`);
      return;
    }
    for (const key of Object.keys(item)) if (!CASE_KEYS.has(key)) problems.push(`${at}.${key} is not a known field; remove it`);
    if (typeof item.name !== 'string' || item.name === '') problems.push(`${at}.name must be a non-empty string`);
    const expect = item.expect;
    if (expect === undefined) return;
    if (!isObject(expect)) {
      problems.push(`${at}.expect must be an object { "statusCode", "bodyIncludes" }`);
      return;
    }
    for (const key of Object.keys(expect)) if (!EXPECT_KEYS.has(key)) problems.push(`${at}.expect.${key} is not a known field; remove it`);
    if (expect.statusCode !== undefined && !Number.isInteger(expect.statusCode)) problems.push(`${at}.expect.statusCode must be a whole number`);
    if (expect.bodyIncludes !== undefined && typeof expect.bodyIncludes !== 'string') problems.push(`${at}.expect.bodyIncludes must be a string`);
  });
  return problems;
}

/** With no smoke test configured: one invocation with an empty event that must not fail. */
export const DEFAULT_SMOKE_CASES: readonly SmokeCase[] = [{ name: 'empty event', payload: {}, expect: {} }];

/** The smoke cases of a component: `deploy.smokeTest` relative to `configPath`'s directory, or {@link DEFAULT_SMOKE_CASES}. */
export async function loadSmokeCases(configPath: string, smokeTest: string | undefined): Promise<readonly SmokeCase[]> {
  if (smokeTest === undefined) return DEFAULT_SMOKE_CASES;
  const file = resolve(dirname(configPath), smokeTest);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ValidationError(`deploy.smokeTest ${smokeTest} could not be read as JSON next to upkeep.yaml (${(error as Error).message}); a Lambda smoke test is a JSON file of cases`, [
      { path: 'deploy.smokeTest', value: smokeTest, message: 'must be a JSON file of { "cases": [{ "name", "payload", "expect" }] } next to upkeep.yaml' },
    ]);
  }
  const problems = smokeProblems(parsed);
  if (problems.length > 0) throw new ValidationError(`deploy.smokeTest ${smokeTest}: ${problems.join('; ')}`);
  return (parsed as { cases: Array<Partial<SmokeCase>> }).cases.map((c) => ({ name: c.name as string, payload: c.payload ?? {}, expect: c.expect ?? {} }));
}

/** One invocation of a case. */
export interface CaseOutcome {
  readonly name: string;
  readonly ok: boolean;
  readonly latencyMs: number;
  /** Why it failed; absent when it passed. */
  readonly reason?: string;
}

/** Invokes version `qualifier` of a function with one case and judges the answer. */
export async function invokeCase(lambda: LambdaClient, functionName: string, qualifier: string, smoke: SmokeCase, now: () => number = () => performance.now()): Promise<CaseOutcome> {
  const started = now();
  let out;
  try {
    out = await lambda.send(new InvokeCommand({ FunctionName: functionName, Qualifier: qualifier, Payload: new TextEncoder().encode(JSON.stringify(smoke.payload ?? {})) }));
  } catch (error) {
    throw toAwsUpkeepError(error, `invoke ${functionName}:${qualifier}`, 'Lambda');
  }
  const latencyMs = now() - started;
  const body = out.Payload === undefined ? '' : new TextDecoder().decode(out.Payload);
  const fail = (reason: string): CaseOutcome => ({ name: smoke.name, ok: false, latencyMs, reason: `${smoke.name}: ${reason}` });
  if (out.FunctionError !== undefined) return fail(`the function failed (${out.FunctionError}): ${body.slice(0, 200)}`);
  if (smoke.expect.statusCode !== undefined) {
    const status = (() => {
      try {
        return (JSON.parse(body) as { statusCode?: unknown }).statusCode;
      } catch {
        return undefined;
      }
    })();
    if (status !== smoke.expect.statusCode) return fail(`expected statusCode ${smoke.expect.statusCode}, got ${String(status)}`);
  }
  if (smoke.expect.bodyIncludes !== undefined && !body.includes(smoke.expect.bodyIncludes)) return fail(`the response does not contain "${smoke.expect.bodyIncludes}"`);
  return { name: smoke.name, ok: true, latencyMs };
}

/** Runs every case once against a version; `ok` only when all pass. */
export async function runSmokeCases(lambda: LambdaClient, functionName: string, qualifier: string, cases: readonly SmokeCase[]): Promise<{ readonly ok: boolean; readonly summary: string }> {
  const outcomes = await Promise.all(cases.map((c) => invokeCase(lambda, functionName, qualifier, c)));
  const failed = outcomes.filter((o) => !o.ok);
  return failed.length === 0
    ? { ok: true, summary: `${outcomes.length} smoke case(s) passed on version ${qualifier}` }
    : { ok: false, summary: `${failed.length} of ${outcomes.length} smoke case(s) failed on version ${qualifier}: ${failed.map((f) => f.reason).join('; ')}` };
}
