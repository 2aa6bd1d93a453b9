import {
  Schema, checkLength, defined, expected, isObject, report, stopped, type AnySchema, type Input, type Issue, type JsonSchema, type Output, type Run, type Shape,
} from './schema.js';

/** `schema`, or nothing: an object may leave it out (zod's `z.optional`). */
export function optional<O, I>(schema: Schema<O, I>): Schema<O | undefined, I | undefined> {
  return new Schema({ kind: 'optional', inner: schema }, (value, path, issues) => (value === undefined ? undefined : schema.run(value, path, issues)), schema.json);
}

/** A fresh copy of a default, as zod gives (so that no two outputs share one object). */
const copy = <T>(value: T): T => (Array.isArray(value) ? [...value] as T : isObject(value) ? { ...value } : value);

/** `schema`, or `fallback` when left out (zod's `z._default`). */
export function withDefault<O, I>(schema: Schema<O, I>, fallback: NoInfer<O>): Schema<O, I | undefined> {
  return new Schema(
    { kind: 'default', inner: schema, fallback },
    (value, path, issues) => (value === undefined ? copy(fallback) : schema.run(value, path, issues)),
    () => ({ default: fallback, ...schema.json() }),
  );
}

/** `schema` with a description for the OpenAPI document, placed where zod writes it. */
export function meta<O, I>(schema: Schema<O, I>, { description }: { readonly description: string }): Schema<O, I> {
  // zod writes a wrapper's (optional, default) metadata before what it wraps, a plain schema's after its keywords.
  return new Schema({ kind: 'meta', inner: schema, description }, schema.run, () => (schema.absent ? { description, ...schema.json() } : { ...schema.json(), description }));
}

type Flat<T> = { [K in keyof T]: T[K] } & {};
/** Fields that may be `undefined` become optional, as zod types an object. */
type Fields<T> = Flat<{ [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & { [K in keyof T as undefined extends T[K] ? K : never]?: T[K] }>;
export type ObjectOutput<S extends Shape> = Fields<{ [K in keyof S]: Output<S[K]> }>;
export type ObjectInput<S extends Shape> = Fields<{ [K in keyof S]: Input<S[K]> }>;

/** What an object does with keys its shape does not name: refuses, drops or keeps them. */
export type UnknownKeys = 'strict' | 'strip' | 'loose';

function runObject<S extends Shape>(shape: S, unknownKeys: UnknownKeys): Run<ObjectOutput<S>> {
  return (value, path, issues) => {
    if (!isObject(value)) {
      report(issues, path, expected('object', value), true);
      return value as ObjectOutput<S>;
    }
    const output: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      const present = key in value;
      if (!present && field.absent === 'optional') continue;
      const checked = field.run(value[key], [...path, key], issues);
      if (present || checked !== undefined) output[key] = checked;
    }
    const unknown = Object.keys(value).filter((key) => !Object.hasOwn(shape, key));
    if (unknownKeys === 'strict' && unknown.length > 0) {
      issues.push({ code: 'unrecognized_keys', keys: unknown, path, message: `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${unknown.map((k) => `"${k}"`).join(', ')}` });
    }
    // `__proto__` (which JSON.parse makes an own key) would replace the output's prototype.
    if (unknownKeys === 'loose') for (const key of unknown) if (key !== '__proto__') output[key] = value[key];
    return output as ObjectOutput<S>;
  };
}

function describeObject(shape: Shape, unknownKeys: UnknownKeys): JsonSchema {
  const required = Object.keys(shape).filter((key) => shape[key]?.absent === undefined);
  return defined({
    type: 'object',
    properties: Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, field.json()])),
    required: required.length > 0 ? required : undefined,
    // zod leaves a plain object's other keys undescribed in what callers send.
    additionalProperties: unknownKeys === 'strict' ? false : unknownKeys === 'loose' ? {} : undefined,
  });
}

/** An object schema; its `shape` gives its fields' schemas, to reuse or extend. */
export class ObjectSchema<S extends Shape> extends Schema<ObjectOutput<S>, ObjectInput<S>> {
  public constructor(public readonly shape: S, unknownKeys: UnknownKeys) {
    super({ kind: 'object', shape, unknownKeys }, runObject(shape, unknownKeys), () => describeObject(shape, unknownKeys));
  }
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
export function strictObject<S extends Shape>(shape: S): ObjectSchema<S> {
  return new ObjectSchema(shape, 'strict');
}

/** An object of `shape` that drops other keys (zod's `z.object`). */
export function object<S extends Shape>(shape: S): ObjectSchema<S> {
  return new ObjectSchema(shape, 'strip');
}

/** An object of `shape` that keeps other keys as they are (zod's `z.looseObject`). */
export function looseObject<S extends Shape>(shape: S): ObjectSchema<S> {
  return new ObjectSchema(shape, 'loose');
}

/** The rules of an {@link array}. */
export interface ArrayRules {
  /** The fewest items. @default - none */
  readonly minLength?: number;
  /** What a shorter list is told. @default - zod's English message */
  readonly messages?: { readonly minLength?: string };
}

/** A list of `item`, as zod's `z.array(item).check(z.minLength(minLength))`. */
export function array<O, I>(item: Schema<O, I>, rules: ArrayRules = {}): Schema<O[], I[]> {
  const { minLength, messages: m = {} } = rules;
  return new Schema({ kind: 'array', item, rules }, (value, path, issues) => {
    if (!Array.isArray(value)) {
      report(issues, path, expected('array', value), true);
      checkLength(value, path, issues, true, minLength, m.minLength);
      return value as O[];
    }
    const start = issues.length;
    const output: O[] = [];
    for (let i = 0; i < value.length; i++) output.push(item.run(value[i], [...path, i], issues));
    // As zod's, the length is checked whatever is wrong with the items, unless one explicitly stops it.
    if (!stopped(issues, start, true)) checkLength(value, path, issues, true, minLength, m.minLength);
    return output;
  }, () => defined({ minItems: minLength, type: 'array', items: item.json() }));
}

/**
 * An object of any string keys, each holding a `value` (zod's `z.record(z.string(), value)`).
 * zod also refuses objects of a class; JSON has none.
 */
export function record<O, I>(value: Schema<O, I>): Schema<Record<string, O>, Record<string, I>> {
  return new Schema({ kind: 'record', value }, (given, path, issues) => {
    if (!isObject(given)) {
      report(issues, path, expected('record', given), true);
      return given as Record<string, O>;
    }
    const output: Record<string, O> = {};
    for (const key of Object.keys(given)) if (key !== '__proto__') output[key] = value.run(given[key], [...path, key], issues);
    return output;
  }, () => ({ type: 'object', propertyNames: { type: 'string' }, additionalProperties: value.json() }));
}

/**
 * The first of two or more `options` that holds, as zod's `z.union(options)`. When none does,
 * the one option that failed only a rule (not its type) says why; otherwise "Invalid input".
 *
 * @example
 * ```ts
 * const Globs = union([string({ minLength: 1 }), array(string({ minLength: 1 }), { minLength: 1 })]);
 * ```
 */
export function union<const T extends readonly AnySchema[]>(options: T): Schema<Output<T[number]>, Input<T[number]>> {
  return new Schema({ kind: 'union', options }, (value, path, issues) => {
    const failed: { readonly output: unknown; readonly found: readonly Issue[] }[] = [];
    for (const option of options) {
      const found: Issue[] = [];
      const output = option.run(value, path, found);
      if (found.length === 0) return output as Output<T[number]>;
      failed.push({ output, found });
    }
    const [only, ...others] = failed.filter((f) => !stopped(f.found, 0));
    if (only !== undefined && others.length === 0) {
      issues.push(...only.found);
      return only.output as Output<T[number]>;
    }
    report(issues, path, 'Invalid input', true);
    return value as Output<T[number]>;
  }, () => ({ anyOf: options.map((option) => option.json()) }));
}

/** The value an option of a discriminated union is tagged with at `key`. */
function tagOf(option: ObjectSchema<Shape>, key: string): string {
  const def = option.shape[key]?.def;
  if (def?.kind !== 'literal') throw new TypeError(`each option of a discriminated union needs a literal "${key}"`);
  return def.value;
}

/**
 * The option of `options` (objects) whose literal `key` the value has, as zod's
 * `z.discriminatedUnion(key, options)`.
 *
 * @example
 * ```ts
 * const Source = discriminatedUnion('type', [strictObject({ type: literal('npm'), package: string() }), strictObject({ type: literal('git'), url: string() })]);
 * ```
 */
export function discriminatedUnion<const T extends readonly ObjectSchema<Shape>[]>(key: string, options: T): Schema<Output<T[number]>, Input<T[number]>> {
  const byTag = new Map(options.map((option) => [tagOf(option, key), option]));
  const message = `Invalid discriminator value. Expected ${[...byTag.keys()].map((tag) => `'${tag}'`).join(' | ')}`;
  return new Schema({ kind: 'discriminated', key, options }, (value, path, issues) => {
    if (!isObject(value)) {
      report(issues, path, expected('object', value), true);
      return value as Output<T[number]>;
    }
    const option = byTag.get(value[key] as string);
    if (option === undefined) {
      report(issues, [...path, key], message, true);
      return value as Output<T[number]>;
    }
    return option.run(value, path, issues) as Output<T[number]>;
  }, () => ({ oneOf: options.map((option) => option.json()) }));
}

/**
 * `schema` and a rule across its value, checked as zod's `z.refine` is: once nothing fatal was
 * found (a wrong type, an unknown option), even if a bound or a pattern failed.
 *
 * @example
 * ```ts
 * const Range = refine(strictObject({ from: integer(), to: integer() }), (r) => r.from <= r.to, { path: ['to'], message: 'must not be below from' });
 * ```
 */
export function refine<O, I>(
  schema: Schema<O, I>,
  holds: (value: O) => boolean,
  broken: { readonly path?: readonly PropertyKey[]; readonly message: string },
): Schema<O, I> {
  const { path: at = [], message } = broken;
  return new Schema({ kind: 'refine', inner: schema, holds, path: at, message }, (value, path, issues) => {
    const start = issues.length;
    const output = schema.run(value, path, issues);
    if (!stopped(issues, start) && !holds(output)) report(issues, [...path, ...at], message);
    return output;
  }, schema.json);
}

/**
 * `schema` and rules across its value that may find several things wrong, each added with
 * `addIssue` (zod's `z.superRefine`); checked when {@link refine} would be.
 */
export function superRefine<O, I>(
  schema: Schema<O, I>,
  check: (value: O, addIssue: (path: readonly PropertyKey[], message: string) => void) => void,
): Schema<O, I> {
  return new Schema({ kind: 'superRefine', inner: schema, check }, (value, path, issues) => {
    const start = issues.length;
    const output = schema.run(value, path, issues);
    if (!stopped(issues, start)) check(output, (at, message) => report(issues, [...path, ...at], message));
    return output;
  }, schema.json);
}
