import { ValidationError, type Problem } from '../../core/errors.js';

/**
 * The payload checks of the state machine's steps and the scheduled runs. Their payloads are
 * small, flat and written by our own ASL and schedules, so a few dozen lines do what a schema
 * library would, without its weight in every Lambda bundle (issue 6's bundle budget). The API's
 * requests, written by people, are validated with schemas that also make the OpenAPI document
 * (our small schema vocabulary, `functions/core/checks`).
 */

/** One field: returns its value, or records a problem and returns `undefined`. */
export interface Field<T> {
  readonly check: (value: unknown, path: string, problems: Problem[]) => T;
}

/** What a payload parser returns for fields `F`. */
export type PayloadOf<F extends Record<string, Field<unknown>>> = { [K in keyof F]: ReturnType<F[K]['check']> };

/** A payload parser: the checked payload, or a `ValidationError` naming every field that is wrong. */
export type Payload<T> = (input: unknown, step: string) => T;

const show = (value: unknown): string => (value === undefined ? '(missing)' : (JSON.stringify(value) ?? typeof value).slice(0, 80));

function problem<T>(problems: Problem[], path: string, value: unknown, message: string): T {
  problems.push({ path: path === '' ? '(payload)' : path, value: show(value), message });
  return undefined as T;
}

/** A non-empty string. */
export function text(): Field<string> {
  return { check: (v, path, problems) => (typeof v === 'string' && v !== '' ? v : problem(problems, path, v, 'must be a non-empty string')) };
}

/** A whole number within bounds; `fallback` when absent. */
export function wholeNumber(bounds: { readonly min: number; readonly max?: number; readonly fallback?: number }): Field<number> {
  const range = bounds.max === undefined ? `at least ${bounds.min}` : `from ${bounds.min} to ${bounds.max}`;
  return {
    check: (v, path, problems) => {
      if (v === undefined && bounds.fallback !== undefined) return bounds.fallback;
      return Number.isInteger(v) && (v as number) >= bounds.min && (bounds.max === undefined || (v as number) <= bounds.max)
        ? (v as number)
        : problem(problems, path, v, `must be a whole number ${range}`);
    },
  };
}

/** One of `values`. */
export function oneOf<const V extends string>(values: readonly V[]): Field<V> {
  return { check: (v, path, problems) => (values.includes(v as V) ? (v as V) : problem(problems, path, v, `must be one of ${values.join(', ')}`)) };
}

/** `field`, or `undefined` when absent. */
export function optional<T>(field: Field<T>): Field<T | undefined> {
  return { check: (v, path, problems) => (v === undefined ? undefined : field.check(v, path, problems)) };
}

/** An optional string: the `Error`/`Cause` of a caught state error, a build status. */
export function optionalString(): Field<string | undefined> {
  return { check: (v, path, problems) => (v === undefined || typeof v === 'string' ? v : problem(problems, path, v, 'must be a string')) };
}

/** `true` or `false`. */
export function flag(): Field<boolean> {
  return { check: (v, path, problems) => (typeof v === 'boolean' ? v : problem(problems, path, v, 'must be true or false')) };
}

/** An array of `item`s, at least `min` of them. */
export function listOf<T>(item: Field<T>, bounds: { readonly min?: number } = {}): Field<T[]> {
  const min = bounds.min ?? 0;
  return {
    check: (v, path, problems) => {
      if (!Array.isArray(v) || v.length < min) return problem(problems, path, v, `must be an array of at least ${min}`);
      return v.map((entry, i) => item.check(entry, `${path}[${i}]`, problems));
    },
  };
}

/**
 * An object whose `key` is one of `values`, kept whole: a document another of our functions
 * validated already (a component's source configuration), checked here only for its kind.
 */
export function tagged<T>(key: string, values: readonly string[]): Field<T> {
  return {
    check: (v, path, problems) => {
      const tag = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
      return values.includes(tag as string) ? (v as T) : problem(problems, path === '' ? key : `${path}.${key}`, tag, `must be one of ${values.join(', ')}`);
    },
  };
}

/** A nested object of `fields`; other keys are dropped. */
export function object<F extends Record<string, Field<unknown>>>(fields: F): Field<PayloadOf<F>> {
  return {
    check: (v, path, problems) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return problem(problems, path, v, 'must be an object');
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(fields)) {
        const value = field.check((v as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`, problems);
        if (value !== undefined) out[key] = value;
      }
      return out as PayloadOf<F>;
    },
  };
}

/**
 * A payload parser for `fields`, with an optional rule across them (`undefined` when it holds).
 *
 * @example
 * ```ts
 * const Detect = payload({ shard: wholeNumber({ min: 0, fallback: 0 }), shards: wholeNumber({ min: 1, max: 100, fallback: 1 }) },
 *   (p) => (p.shard < p.shards ? undefined : { path: 'shard', message: 'must be below shards' }));
 * ```
 */
export function payload<F extends Record<string, Field<unknown>>>(
  fields: F,
  rule?: (parsed: PayloadOf<F>) => { readonly path: string; readonly message: string } | undefined,
): Payload<PayloadOf<F>> {
  const shape = object(fields);
  return (input, step) => {
    const problems: Problem[] = [];
    const parsed = shape.check(input, '', problems);
    if (problems.length === 0 && rule !== undefined) {
      const broken = rule(parsed);
      if (broken !== undefined) problem(problems, broken.path, (input as Record<string, unknown>)[broken.path], broken.message);
    }
    if (problems.length > 0) {
      throw new ValidationError(`${step}: bad payload: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
    }
    return parsed;
  };
}

/** The payload of most steps: the workflow's id, everything else is read from the store. */
export const WorkflowStep = payload({ workflowId: text() });
