import * as z from 'zod';
import type { AnySchema, IntegerRules, Schema, SchemaDef, StringRules } from '../checks/index.js';

/*
 * The documents the API takes (a policy, a component's source) are schemas of our own small
 * vocabulary (`functions/core/checks`), so that the Lambda functions taking them carry no zod
 * (issue 6's bundle budget). `upkeep.yaml` holds the same documents and is checked with zod,
 * whose issues the problem reporter reads (`problems.ts`) and whose JSON Schema editors get; so
 * the configuration composes each document's zod form, built here from the one definition.
 * test/functions/core/config/zod-form.test.ts holds each form to what it is built from.
 */

const forms = new WeakMap<AnySchema, z.ZodType>();

/**
 * The zod (classic) schema that checks, reports and describes as `schema` does; built once per
 * schema. Schemas that only the API uses (coerced query numbers, ISO instants) have none.
 *
 * @example
 * ```ts
 * const ComponentSchema = z.strictObject({ name: NameSchema, source: zodOf(SourceSchema) });
 * ```
 */
export function zodOf<O, I>(schema: Schema<O, I>): z.ZodType<O, I> {
  let form = forms.get(schema);
  if (form === undefined) {
    form = build(schema.def);
    forms.set(schema, form);
  }
  return form as z.ZodType<O, I>;
}

/** zod's type error for a value that is there, worded as `message`; the missing keep zod's. */
const typeError = (message: string | undefined): { error: (issue: { readonly input?: unknown }) => string | undefined } | undefined => (
  message === undefined ? undefined : { error: (issue) => (issue.input === undefined ? undefined : message) }
);

function unsupported(what: string): never {
  throw new TypeError(`${what} has no zod form; add one to zod-form.ts if the configuration needs it`);
}

function stringForm({ trim, minLength, maxLength, pattern, url, format, messages: m = {} }: StringRules): z.ZodType {
  if (format !== undefined) unsupported(`a string of format ${format}`);
  const checks: z.core.$ZodCheck<string>[] = [];
  if (trim) checks.push(z.trim());
  if (minLength !== undefined) checks.push(z.minLength(minLength, m.minLength));
  if (maxLength !== undefined) checks.push(z.maxLength(maxLength, m.maxLength));
  if (pattern !== undefined) checks.push(z.regex(pattern, m.pattern));
  if (url) checks.push(z.url(m.url));
  return z.string(typeError(m.type)).check(...checks);
}

/** A number (`integer`: a safe integer), as `integer()` or `number()` of the vocabulary. */
function numberForm(integer: boolean, { min, max, messages: m = {} }: Omit<IntegerRules, 'coerce'>): z.ZodType {
  const checks: z.core.$ZodCheck<number>[] = integer ? [z.int(m.integer)] : [];
  if (min !== undefined) checks.push(z.gte(min, m.min));
  if (max !== undefined) checks.push(z.lte(max, m.max));
  return z.number(typeError(m.type)).check(...checks);
}

function build(def: SchemaDef): z.ZodType {
  switch (def.kind) {
    case 'string':
      return stringForm(def.rules);
    case 'integer':
      return def.rules.coerce ? unsupported('a coerced number') : numberForm(true, def.rules);
    case 'number':
      return numberForm(false, def.rules);
    case 'boolean':
      return z.boolean();
    case 'enum':
      return z.enum(def.values as [string, ...string[]]);
    case 'literal':
      return z.literal(def.value);
    case 'optional':
      return zodOf(def.inner).optional();
    case 'default':
      return zodOf(def.inner).default(def.fallback);
    case 'meta':
      return zodOf(def.inner).meta({ description: def.description });
    case 'object': {
      const shape = Object.fromEntries(Object.entries(def.shape).map(([key, field]) => [key, zodOf(field)]));
      return { strict: z.strictObject, strip: z.object, loose: z.looseObject }[def.unknownKeys](shape);
    }
    case 'array': {
      const { minLength, messages: m = {} } = def.rules;
      return z.array(zodOf(def.item)).check(...(minLength === undefined ? [] : [z.minLength(minLength, m.minLength)]));
    }
    case 'record':
      return z.record(z.string(), zodOf(def.value));
    case 'union':
      return z.union(def.options.map((option) => zodOf(option)));
    case 'discriminated':
      return z.discriminatedUnion(def.key, def.options.map((option) => zodOf(option)) as unknown as [z.ZodObject, ...z.ZodObject[]]);
    case 'refine':
      return zodOf(def.inner).refine(def.holds as (value: unknown) => boolean, { path: [...def.path], message: def.message });
    case 'superRefine': {
      const { check } = def;
      return zodOf(def.inner).superRefine((value, ctx) => check(value as never, (path, message) => ctx.addIssue({ code: 'custom', path: [...path], message })));
    }
  }
}
