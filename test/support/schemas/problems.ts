import * as z from 'zod/mini';
import { parseInput, render, valueAt } from '../../../functions/app/api/input.js';
import type { StandardSchema } from '../../../functions/core/checks/index.js';
import { ValidationError, type Problem } from '../../../functions/core/errors.js';

/*
 * What the API answers a request with: the parsed value, or the problems (field, value, fix) of
 * its 400. `before` is what parseInput answered with a zod schema before our own schemas
 * replaced zod's; `now` what it answers today.
 */

export type Outcome = { readonly value: unknown } | { readonly problems: readonly Problem[]; readonly message: string };

/** What parseInput answered with a zod schema: zod's safeParse, one problem per issue or unknown key. */
export function before(schema: z.core.$ZodType, input: unknown, root: string): Outcome {
  const parsed = z.safeParse(schema, input);
  if (parsed.success) return { value: parsed.data };
  const problems = parsed.error.issues.flatMap((issue): Problem[] => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: base ? `${base}.${key}` : key,
        value: render(valueAt(input, [...issue.path, key])),
        message: 'is not a known field; remove it (see the OpenAPI document at /openapi.json)',
      }));
    }
    return [{ path: base || root, value: render(valueAt(input, issue.path)), message: issue.message }];
  });
  return { problems, message: `bad request: ${problems.map((p) => `${p.path} ${p.message} (got ${p.value})`).join('; ')}` };
}

/** What parseInput answers now. */
export function now(schema: StandardSchema, input: unknown, root: string): Outcome {
  try {
    return { value: parseInput(schema, input, 'request', root) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { problems: error.problems, message: error.message };
  }
}
