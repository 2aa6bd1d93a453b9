import { expect } from 'vitest';
import * as z from 'zod';
import { toJSONSchema, type AnySchema } from '../../../functions/core/checks/index.js';

// zod's English messages: classic zod sets them on its first schema, zod/mini only when told.
z.config(z.locales.en());

/*
 * Holding a schema of our vocabulary (`functions/core/checks`) to a zod schema: the same answer
 * for every input (the output, or each issue's path and message in order) and the same JSON Schema.
 */

/** What a schema answers: the output, or each issue's path and message. */
export type Answer = { readonly value: unknown } | { readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[] };

/** What one of our schemas answers; its Standard Schema face must say the same. */
export function ours(schema: AnySchema, input: unknown): Answer {
  const result = schema.validate(input);
  expect(schema['~standard'].validate(input), 'its ~standard.validate answers as validate').toStrictEqual(result);
  return result.issues === undefined ? { value: result.value } : { issues: result.issues.map(({ path, message }) => ({ path, message })) };
}

/** What a zod schema answers. */
export function zods(schema: z.core.$ZodType, input: unknown): Answer {
  const result = z.safeParse(schema, input);
  return result.success ? { value: result.data } : { issues: result.error.issues.map(({ path, message }) => ({ path, message })) };
}

/** Our schema's JSON Schema, as text. */
export const ourJson = (schema: AnySchema): string => JSON.stringify(toJSONSchema(schema));

/** zod's JSON Schema of what callers send, as text. */
export const zodJson = (schema: z.core.$ZodType): string => JSON.stringify(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));

/** An input as a test title shows it. */
export const shown = (value: unknown): string => (value === undefined ? 'undefined' : JSON.stringify(value).slice(0, 70));

/** Asserts that `schema` answers every input and describes itself as `reference` does. */
export function expectAgreement(schema: AnySchema, reference: z.core.$ZodType, inputs: readonly unknown[]): void {
  for (const input of inputs) expect(ours(schema, input), shown(input)).toStrictEqual(zods(reference, input));
  expect(ourJson(schema)).toBe(zodJson(reference));
}
