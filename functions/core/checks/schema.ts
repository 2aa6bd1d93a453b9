import type { ArrayRules, UnknownKeys } from './composites.js';
import type { IntegerRules, NumberRules, StringRules } from './scalars.js';

/*
 * A small schema vocabulary: each schema validates a value and describes itself as JSON Schema,
 * as a zod schema does, in a few KB instead of zod's ~30 KB in every API function (issue 6's
 * bundle budget). It answers with zod's English messages and writes the JSON Schema
 * `z.toJSONSchema(…, { io: 'input' })` writes, so callers see the same whichever library checks
 * a value; the tests under test/functions/core/checks hold it to zod. The API's requests and the
 * documents it takes (policies, sources, state snapshots) are written in it; the configuration
 * file's schemas are zod, and compose these through their zod form (`config/zod-form.ts`).
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

/** The Standard Schema interface, which zod's schemas implement as these do: the API's `parseInput` takes either. */
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
  /**
   * Skips the checks after it on that value and the refinements of the objects and unions
   * holding it (zod's aborting issue). `'explicit'` also skips the length checks of the arrays
   * holding it, which otherwise run on anything with a length (zod's `continue: false`).
   */
  readonly fatal?: boolean | 'explicit';
}

/** What a schema answers for a value: its output, or what is wrong with it. */
export type Result<O> = { readonly value: O; readonly issues?: undefined } | { readonly value?: undefined; readonly issues: readonly Issue[] };

/** Checks `value`, found at `path`, adding what is wrong to `issues`; returns what the value becomes. */
export type Run<O> = (value: unknown, path: readonly PropertyKey[], issues: Issue[]) => O;

/** Any schema, whatever it validates into. */
export type AnySchema = Schema<unknown, unknown>;
/** The fields of an object schema, by key. */
export type Shape = Readonly<Record<string, AnySchema>>;

/**
 * What a schema is, for what reads schemas rather than runs them: the zod form of the
 * configuration's schemas (`config/zod-form.ts`) and the discriminator of a union.
 */
export type SchemaDef =
  | { readonly kind: 'string'; readonly rules: StringRules }
  | { readonly kind: 'integer'; readonly rules: IntegerRules }
  | { readonly kind: 'number'; readonly rules: NumberRules }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'optional'; readonly inner: AnySchema }
  | { readonly kind: 'default'; readonly inner: AnySchema; readonly fallback: unknown }
  | { readonly kind: 'meta'; readonly inner: AnySchema; readonly description: string }
  | { readonly kind: 'object'; readonly shape: Shape; readonly unknownKeys: UnknownKeys }
  | { readonly kind: 'array'; readonly item: AnySchema; readonly rules: ArrayRules }
  | { readonly kind: 'record'; readonly value: AnySchema }
  | { readonly kind: 'union'; readonly options: readonly AnySchema[] }
  | { readonly kind: 'discriminated'; readonly key: string; readonly options: readonly AnySchema[] }
  | { readonly kind: 'refine'; readonly inner: AnySchema; readonly holds: (value: never) => boolean; readonly path: readonly PropertyKey[]; readonly message: string }
  | { readonly kind: 'superRefine'; readonly inner: AnySchema; readonly check: (value: never, report: (path: readonly PropertyKey[], message: string) => void) => void };

/**
 * A schema: validates (`validate`, `run` from a schema holding it, or `~standard.validate` from
 * outside) and describes itself (`json`). Build one with the functions of this folder.
 *
 * @example
 * ```ts
 * const result = strictObject({ name: string({ minLength: 1 }) }).validate(body);
 * if (result.issues) throw new Error(result.issues.map((i) => i.message).join('; '));
 * ```
 */
export class Schema<O, I = O> implements StandardSchema<O, I> {
  public readonly '~standard': StandardSchema<O, I>['~standard'];

  /**
   * @param def what it is (see {@link SchemaDef})
   * @param run checks a value, found at a path, adding what is wrong to the issues; returns what the value becomes
   * @param json its JSON Schema as zod writes it for what callers send, fresh on each call
   */
  public constructor(public readonly def: SchemaDef, public readonly run: Run<O>, public readonly json: () => JsonSchema) {
    this['~standard'] = { version: 1, vendor: 'upkeep', validate: (value) => this.validate(value) };
  }

  /** Whether an object may go without it: `optional`, or `defaulted` (its default stands in). */
  public get absent(): 'optional' | 'defaulted' | undefined {
    const { def } = this;
    if (def.kind === 'optional') return 'optional';
    if (def.kind === 'default') return 'defaulted';
    return def.kind === 'meta' || def.kind === 'refine' || def.kind === 'superRefine' ? def.inner.absent : undefined;
  }

  /** `value` validated: what it becomes, or every issue found. */
  public validate(value: unknown): Result<O> {
    const issues: Issue[] = [];
    const output = this.run(value, [], issues);
    return issues.length === 0 ? { value: output } : { issues };
  }
}

/** What a schema validates into, like `z.output`. */
export type Output<S> = S extends Schema<infer O, unknown> ? O : never;
/** What a schema accepts, like `z.input`. */
export type Input<S> = S extends Schema<unknown, infer I> ? I : never;

/** Adds an issue; `fatal` as {@link Issue.fatal}. */
export function report(issues: Issue[], path: readonly PropertyKey[], message: string, fatal: Issue['fatal'] = false): void {
  issues.push(fatal ? { path, message, fatal } : { path, message });
}

/** Whether an issue from `start` on stops what comes after (`explicit`: even length checks). */
export function stopped(issues: readonly Issue[], start: number, explicit = false): boolean {
  return issues.slice(start).some((issue) => (explicit ? issue.fatal === 'explicit' : issue.fatal));
}

/**
 * zod's check of a length against a lower (`small`) or upper `bound`: it runs on anything with
 * a length, even after a wrong type was found (an array where a string was wanted); a string's
 * length is in code points.
 */
export function checkLength(value: unknown, path: readonly PropertyKey[], issues: Issue[], small: boolean, bound: number | undefined, message?: string): void {
  if (bound === undefined || value === undefined || value === null || (value as { length?: unknown }).length === undefined) return;
  const length = typeof value === 'string' ? [...value].length : (value as { length: unknown }).length as number;
  const [origin, unit] = typeof value === 'string' ? ['string', 'characters'] : Array.isArray(value) ? ['array', 'items'] : ['unknown'];
  // Negated so that a length that is not a number fails, as in zod.
  if (small ? !(length >= bound) : !(length <= bound)) report(issues, path, message ?? beyond(small, bound, origin, unit));
}

/** zod's name for the type of a JSON value (`NaN` and `Infinity` by name). */
function typeName(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : String(value);
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** zod's message for a value of the wrong type, e.g. `Invalid input: expected string, received number`. */
export const expected = (type: string, value: unknown): string => `Invalid input: expected ${type}, received ${typeName(value)}`;

/** zod's message for a value past a bound, e.g. `Too small: expected string to have >=1 characters`. */
export function beyond(small: boolean, bound: number, origin: string, unit?: string): string {
  return `Too ${small ? 'small' : 'big'}: expected ${origin} to ${unit ? `have ${small ? '>=' : '<='}${bound} ${unit}` : `be ${small ? '>=' : '<='}${bound}`}`;
}

/** A JSON Schema without its `undefined` keywords, in the order given. */
export const defined = (schema: JsonSchema): JsonSchema => Object.fromEntries(Object.entries(schema).filter(([, v]) => v !== undefined));

/** A value zod reads as an object: not null, not an array. */
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON Schema (draft 2020-12) of `schema`, as `z.toJSONSchema(schema, { io: 'input' })` writes it. */
export function toJSONSchema(schema: AnySchema): JsonSchema {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema.json() };
}
