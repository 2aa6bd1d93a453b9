import { ValidationError, type Problem } from '../../core/errors.js';
import type { StandardIssue, StandardSchema } from '../../core/checks/index.js';

/** A value as a problem shows it: JSON, cut to a readable length; `(missing)` when absent. */
export function render(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The value at `path` in `input`, or undefined where the path leaves it. */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** An issue as zod and our schemas (`functions/core/checks`) report it: `unrecognized_keys` lists the unknown `keys`. */
export type ReportedIssue = StandardIssue & { readonly code?: string; readonly keys?: readonly string[] };

/** One problem per issue: where (dotted path), what was there, and what to do. */
export function problemsOf(issues: readonly ReportedIssue[], input: unknown, root: string): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    const path = (issue.path ?? []).map((key) => (typeof key === 'object' ? key.key : key));
    const base = path.map(String).join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys !== undefined) {
      return issue.keys.map((key) => ({
        path: base ? `${base}.${key}` : key,
        value: render(valueAt(input, [...path, key])),
        message: 'is not a known field; remove it (see the OpenAPI document at /openapi.json)',
      }));
    }
    return [{ path: base || root, value: render(valueAt(input, path)), message: issue.message }];
  });
}

/**
 * Validates `input` with `schema`, or fails with a `ValidationError` (HTTP 400) listing each
 * problem as field, value and fix. `schema` is one of ours (`functions/core/checks`) or a zod
 * schema; both are Standard Schemas, so this module carries neither library's code.
 *
 * @example
 * ```ts
 * const body = parseInput(API_SCHEMAS['POST /api/self-update/register-component'].body, jsonBody(request), 'register-component body');
 * ```
 */
export function parseInput<O>(schema: StandardSchema<O>, input: unknown, what: string, root = '(body)'): O {
  const result = schema['~standard'].validate(input);
  if (result instanceof Promise) {
    // zod answers with a promise when a check threw or is async; a request is checked synchronously.
    result.catch(() => undefined);
    throw new TypeError(`${what}: its schema did not validate synchronously (a check threw, or is asynchronous)`);
  }
  if (result.issues === undefined) return result.value;
  const problems = problemsOf(result.issues, input, root);
  throw new ValidationError(`bad ${what}: ${problems.map((p) => `${p.path} ${p.message} (got ${p.value})`).join('; ')}`, problems);
}
