/*
 * A small schema vocabulary for the API's everyday requests (`request-schemas.ts`): each schema
 * validates a request and describes itself as JSON Schema for the OpenAPI document, as a zod
 * schema does, in a few KB instead of zod's ~28 KB in every API function (issue 6's bundle
 * budget). It has what those requests need and no more. It answers with zod's English messages
 * and writes the JSON Schema `z.toJSONSchema(…, { io: 'input' })` writes, so callers see the same
 * API whichever library checks a request; test/functions/app/api/request-checks.test.ts holds it
 * to zod. Requests carrying configuration documents stay zod (`document-schemas.ts`).
 */

/** A JSON Schema (draft 2020-12) as an object. */
export type JsonSchema = Record<string, unknown>;

/** An issue of the Standard Schema interface (https://standardschema.dev). */
export interface StandardIssue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
}

/** What a Standard Schema's `validate` answers. */
export type StandardResult<O> = { readonly value: O; readonly issues?: undefined } | { readonly issues: readonly StandardIssue[] };

/** The Standard Schema interface, which zod's schemas implement as these do: `parseInput` takes either. */
export interface StandardSchema<O = unknown, I = unknown> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<O> | Promise<StandardResult<O>>;
    readonly types?: { readonly input: I; readonly output: O } | undefined;
  };
}

/** What a check found wrong, at `path` from the root. */
export interface Issue extends StandardIssue {
  readonly path: readonly PropertyKey[];
  /** zod's form for fields an object does not know: one issue listing the `keys`. */
  readonly code?: 'unrecognized_keys';
  readonly keys?: readonly string[];
  /** Skips the checks after it on that value and the refinements of the objects holding it (zod's `continue: false`). */
  readonly fatal?: boolean;
}

type Run<O> = (value: unknown, path: readonly PropertyKey[], issues: Issue[]) => O;

/**
 * A request schema: validates (`run`, or `~standard.validate` from outside) and describes itself
 * (`json`). Build one with the functions of this module.
 */
export class RequestSchema<O, I = O> implements StandardSchema<O, I> {
  public readonly '~standard': StandardSchema<O, I>['~standard'];

  /**
   * @param run checks `value`, found at `path`, adding what is wrong to `issues`; returns what the value becomes
   * @param json its JSON Schema as zod writes it for what callers send, fresh on each call
   * @param absent whether an object may go without it: `optional`, or `defaulted` (its default stands in)
   */
  public constructor(public readonly run: Run<O>, public readonly json: () => JsonSchema, public readonly absent?: 'optional' | 'defaulted') {
    this['~standard'] = {
      version: 1,
      vendor: 'upkeep',
      validate: (value) => {
        const issues: Issue[] = [];
        const output = run(value, [], issues);
        return issues.length === 0 ? { value: output } : { issues };
      },
    };
  }
}

/** What a request schema validates into, like `z.output`. */
export type Output<S> = S extends RequestSchema<infer O, unknown> ? O : never;
/** What a request schema accepts, like `z.input`. */
export type Input<S> = S extends RequestSchema<unknown, infer I> ? I : never;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function report(issues: Issue[], path: readonly PropertyKey[], message: string, fatal = false): void {
  issues.push(fatal ? { path, message, fatal } : { path, message });
}

/** zod's name for the type of a JSON value (`NaN` and `Infinity` by name). */
function typeName(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : String(value);
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

const expected = (type: string, value: unknown): string => `Invalid input: expected ${type}, received ${typeName(value)}`;

/** zod's message for a value past a bound, e.g. `Too small: expected string to have >=1 characters`. */
function beyond(small: boolean, bound: number, origin: string, unit?: string): string {
  return `Too ${small ? 'small' : 'big'}: expected ${origin} to ${unit ? `have ${small ? '>=' : '<='}${bound} ${unit}` : `be ${small ? '>=' : '<='}${bound}`}`;
}

/** A JSON Schema without its `undefined` keywords, in the order given. */
const defined = (schema: JsonSchema): JsonSchema => Object.fromEntries(Object.entries(schema).filter(([, v]) => v !== undefined));

/** The rules of a {@link string}, checked in this order. */
export interface StringRules {
  /** Trims the text before the checks that follow; the output is trimmed. @default false */
  readonly trim?: boolean;
  /** Bounds of the length in code points, as zod counts. @default - none */
  readonly minLength?: number;
  readonly maxLength?: number;
  /** A pattern the text must match (not global). @default - none */
  readonly pattern?: RegExp;
  /** The JSON Schema `format` it documents (nothing is checked for it beyond `pattern`). @default - none */
  readonly format?: string;
  /**
   * What a value breaking a rule is told. `type` is for a value that is there but is not a
   * string; a missing one is told "Invalid input: expected string, received undefined".
   * @default - zod's English messages
   */
  readonly messages?: { readonly type?: string | undefined; readonly minLength?: string; readonly maxLength?: string; readonly pattern?: string };
}

/**
 * A string, with zod's `z.string()` checks.
 *
 * @example
 * ```ts
 * const Name = string({ pattern: NAME_PATTERN, messages: { pattern: NAME_RULE } });
 * ```
 */
export function string(rules: StringRules = {}): RequestSchema<string> {
  const { trim = false, minLength, maxLength, pattern, format, messages: m = {} } = rules;
  return new RequestSchema((given, path, issues) => {
    let value = given;
    if (typeof value === 'string') {
      if (trim) value = value.trim();
    } else {
      report(issues, path, given === undefined ? expected('string', given) : m.type ?? expected('string', given), true);
      // zod goes on to measure anything else that has a length (an array), so do we.
      if (value === undefined || value === null || (value as { length?: unknown }).length === undefined) return value as string;
    }
    const length = typeof value === 'string' ? [...value].length : (value as { length: number }).length;
    const [origin, unit] = typeof value === 'string' ? ['string', 'characters'] : Array.isArray(value) ? ['array', 'items'] : ['unknown'];
    // Negated so that a length that is not a number fails, as in zod.
    if (minLength !== undefined && !(length >= minLength)) report(issues, path, m.minLength ?? beyond(true, minLength, origin, unit));
    if (maxLength !== undefined && !(length <= maxLength)) report(issues, path, m.maxLength ?? beyond(false, maxLength, origin, unit));
    if (pattern !== undefined && typeof value === 'string' && !pattern.test(value)) report(issues, path, m.pattern ?? `Invalid string: must match pattern ${String(pattern)}`);
    return value as string;
  }, () => defined({ type: 'string', format, minLength, maxLength, pattern: pattern?.source }));
}

/** zod's `z.iso.datetime({ offset: true })` pattern: a real calendar date, seconds, then `Z` or `±hh:mm`. */
const INSTANT = /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/;

/** An ISO-8601 instant with `Z` or an offset, as zod's `z.iso.datetime({ offset: true, error: message })`. */
export function isoInstant(message?: string): RequestSchema<string> {
  return string({ format: 'date-time', pattern: INSTANT, messages: { type: message, pattern: message ?? 'Invalid ISO datetime' } });
}

/** The rules of an {@link integer}. */
export interface IntegerRules {
  /** Reads the value as `Number(value)` first, for query parameters (zod's `z.coerce.number()`). @default false */
  readonly coerce?: boolean;
  /** Inclusive bounds. @default - the safe integers */
  readonly min?: number;
  readonly max?: number;
  /** What a value breaking a rule is told: `type` as for {@link string}, `integer` for a fraction or an unsafe integer. @default - zod's English messages */
  readonly messages?: { readonly type?: string; readonly integer?: string; readonly min?: string; readonly max?: string };
}

/**
 * A safe integer, as zod's `z.number().check(z.int(), …)`.
 *
 * @example
 * ```ts
 * const Limit = integer({ coerce: true, min: 1, max: 100, messages: { min: 'must be at least 1' } });
 * ```
 */
export function integer(rules: IntegerRules = {}): RequestSchema<number> {
  const { coerce = false, min, max, messages: m = {} } = rules;
  return new RequestSchema((given, path, issues) => {
    let value = given;
    if (coerce) {
      try {
        value = Number(given);
      } catch {
        // A symbol does not convert: it is refused as it is.
      }
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      report(issues, path, given === undefined ? expected('number', value) : m.type ?? expected('number', value), true);
    } else if (!Number.isInteger(value)) {
      report(issues, path, m.integer ?? expected('int', value), true);
    } else {
      if (!Number.isSafeInteger(value)) report(issues, path, m.integer ?? (value > 0 ? beyond(false, MAX_SAFE, 'int') : beyond(true, -MAX_SAFE, 'int')));
      if (min !== undefined && value < min) report(issues, path, m.min ?? beyond(true, min, 'number'));
      if (max !== undefined && value > max) report(issues, path, m.max ?? beyond(false, max, 'number'));
    }
    return value as number;
  }, () => ({ type: 'integer', minimum: min ?? -MAX_SAFE, maximum: max ?? MAX_SAFE }));
}

/** One of `values`, as zod's `z.enum(values)`. */
export function enumOf<const V extends string>(values: readonly V[]): RequestSchema<V> {
  const message = values.length === 1 ? `Invalid input: expected "${values[0]}"` : `Invalid option: expected one of ${values.map((v) => `"${v}"`).join('|')}`;
  return new RequestSchema((value, path, issues) => {
    if (!values.includes(value as V)) report(issues, path, message, true);
    return value as V;
  }, () => ({ type: 'string', enum: [...values] }));
}

/** `schema`, or nothing: an object may leave it out (zod's `z.optional`). */
export function optional<O, I>(schema: RequestSchema<O, I>): RequestSchema<O | undefined, I | undefined> {
  return new RequestSchema((value, path, issues) => (value === undefined ? undefined : schema.run(value, path, issues)), schema.json, 'optional');
}

/** `schema`, or `fallback` when left out (zod's `z._default`). */
export function withDefault<O, I>(schema: RequestSchema<O, I>, fallback: NoInfer<O>): RequestSchema<O, I | undefined> {
  return new RequestSchema((value, path, issues) => (value === undefined ? fallback : schema.run(value, path, issues)), () => ({ default: fallback, ...schema.json() }), 'defaulted');
}

/** `schema` with a description for the OpenAPI document, placed where zod writes it. */
export function meta<O, I>(schema: RequestSchema<O, I>, { description }: { readonly description: string }): RequestSchema<O, I> {
  // zod writes a wrapper's (optional, default) metadata before what it wraps, a plain schema's after its keywords.
  return new RequestSchema(schema.run, () => (schema.absent ? { description, ...schema.json() } : { ...schema.json(), description }), schema.absent);
}

type Shape = Readonly<Record<string, RequestSchema<unknown, unknown>>>;
type Flat<T> = { [K in keyof T]: T[K] } & {};
/** Fields that may be `undefined` become optional, as zod types an object. */
type Fields<T> = Flat<{ [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & { [K in keyof T as undefined extends T[K] ? K : never]?: T[K] }>;
export type ObjectOutput<S extends Shape> = Fields<{ [K in keyof S]: Output<S[K]> }>;
export type ObjectInput<S extends Shape> = Fields<{ [K in keyof S]: Input<S[K]> }>;

function objectOf<S extends Shape>(shape: S, strict: boolean): RequestSchema<ObjectOutput<S>, ObjectInput<S>> {
  return new RequestSchema((value, path, issues) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      report(issues, path, expected('object', value), true);
      return value as ObjectOutput<S>;
    }
    const input = value as Record<string, unknown>;
    const output: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      const present = key in input;
      if (!present && field.absent === 'optional') continue;
      const checked = field.run(input[key], [...path, key], issues);
      if (present || checked !== undefined) output[key] = checked;
    }
    const unknown = strict ? Object.keys(input).filter((key) => !Object.hasOwn(shape, key)) : [];
    if (unknown.length > 0) {
      issues.push({ code: 'unrecognized_keys', keys: unknown, path, message: `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${unknown.map((k) => `"${k}"`).join(', ')}` });
    }
    return output as ObjectOutput<S>;
  }, () => {
    const required = Object.keys(shape).filter((key) => shape[key]?.absent === undefined);
    return defined({
      type: 'object',
      properties: Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, field.json()])),
      required: required.length > 0 ? required : undefined,
      // zod leaves a plain object's other keys undescribed in what callers send.
      additionalProperties: strict ? false : undefined,
    });
  });
}

/**
 * An object of `shape` that refuses other keys, each reported as `unrecognized_keys` (zod's
 * `z.strictObject`).
 *
 * @example
 * ```ts
 * const CancelBody = strictObject({ reason: optional(string({ maxLength: 1000 })) });
 * ```
 */
export function strictObject<S extends Shape>(shape: S): RequestSchema<ObjectOutput<S>, ObjectInput<S>> {
  return objectOf(shape, true);
}

/** An object of `shape` that drops other keys (zod's `z.object`). */
export function object<S extends Shape>(shape: S): RequestSchema<ObjectOutput<S>, ObjectInput<S>> {
  return objectOf(shape, false);
}

/**
 * `schema` and a rule across its fields, checked as zod's `z.refine` is: once nothing fatal was
 * found (a wrong type, an unknown option), even if a bound or a pattern failed.
 *
 * @example
 * ```ts
 * const Range = refine(strictObject({ from: integer(), to: integer() }), (r) => r.from <= r.to, { path: ['to'], message: 'must not be below from' });
 * ```
 */
export function refine<O, I>(
  schema: RequestSchema<O, I>,
  holds: (value: O) => boolean,
  broken: { readonly path: readonly PropertyKey[]; readonly message: string },
): RequestSchema<O, I> {
  return new RequestSchema((value, path, issues) => {
    const start = issues.length;
    const output = schema.run(value, path, issues);
    if (!issues.slice(start).some((issue) => issue.fatal) && !holds(output)) report(issues, [...path, ...broken.path], broken.message);
    return output;
  }, schema.json, schema.absent);
}

/** The JSON Schema (draft 2020-12) of `schema`, as `z.toJSONSchema(schema, { io: 'input' })` writes it. */
export function toJSONSchema(schema: RequestSchema<unknown, unknown>): JsonSchema {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema.json() };
}
