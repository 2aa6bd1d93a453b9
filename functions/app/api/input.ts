import { safeParse } from 'zod/mini';
import type * as z from 'zod/v4/core';
import { ValidationError, type Problem } from '../../core/errors.js';

/** A value as a problem shows it: JSON, cut to a readable length; `(missing)` when absent. */
export function render(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function at(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** One problem per zod issue: where (dotted path), what was there, and what to do. */
export function problemsOf(issues: readonly z.$ZodIssue[], input: unknown, root: string): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: base ? `${base}.${key}` : key,
        value: render(at(input, [...issue.path, key])),
        message: 'is not a known field; remove it (see the OpenAPI document at /openapi.json)',
      }));
    }
    return [{ path: base || root, value: render(at(input, issue.path)), message: issue.message }];
  });
}

/**
 * Validates `input` with `schema`, or fails with a `ValidationError` (HTTP 400) listing each
 * problem as field, value and fix.
 *
 * @example
 * ```ts
 * const body = parseInput(API_SCHEMAS['POST /api/self-update/register-component'].body, jsonBody(request), 'register-component body');
 * ```
 */
export function parseInput<S extends z.$ZodType>(schema: S, input: unknown, what: string, root = '(body)'): z.output<S> {
  const parsed = safeParse(schema, input);
  if (parsed.success) return parsed.data;
  const problems = problemsOf(parsed.error.issues, input, root);
  throw new ValidationError(`bad ${what}: ${problems.map((p) => `${p.path} ${p.message} (got ${p.value})`).join('; ')}`, problems);
}
