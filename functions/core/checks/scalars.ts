import { Schema, beyond, checkLength, defined, expected, report } from './schema.js';

/** The rules of a {@link string}, checked in this order. */
export interface StringRules {
  /** Trims the text before the checks that follow; the output is trimmed. @default false */
  readonly trim?: boolean;
  /** Bounds of the length in code points, as zod counts. @default - none */
  readonly minLength?: number;
  readonly maxLength?: number;
  /** A pattern the text must match (not global). @default - none */
  readonly pattern?: RegExp;
  /**
   * The text, trimmed, must be a URL `new URL` reads; the output is trimmed and without tabs
   * and line breaks, as zod's `z.url()` leaves it. Documented as `format: uri`. @default false
   */
  readonly url?: boolean;
  /** The JSON Schema `format` it documents (nothing is checked for it beyond `pattern`). @default - none */
  readonly format?: string;
  /**
   * What a value breaking a rule is told. `type` is for a value that is there but is not a
   * string; a missing one is told "Invalid input: expected string, received undefined".
   * @default - zod's English messages
   */
  readonly messages?: {
    readonly type?: string | undefined;
    readonly minLength?: string;
    readonly maxLength?: string;
    readonly pattern?: string;
    readonly url?: string;
  };
}

/**
 * A string, with zod's `z.string()` checks.
 *
 * @example
 * ```ts
 * const Name = string({ pattern: NAME_PATTERN, messages: { pattern: NAME_RULE } });
 * ```
 */
export function string(rules: StringRules = {}): Schema<string> {
  const { trim = false, minLength, maxLength, pattern, url = false, format, messages: m = {} } = rules;
  return new Schema({ kind: 'string', rules }, (given, path, issues) => {
    let value = given;
    if (typeof value === 'string') {
      if (trim) value = value.trim();
    } else {
      report(issues, path, given === undefined ? expected('string', given) : m.type ?? expected('string', given), true);
    }
    checkLength(value, path, issues, true, minLength, m.minLength);
    checkLength(value, path, issues, false, maxLength, m.maxLength);
    if (typeof value !== 'string') return value as string;
    if (pattern !== undefined && !pattern.test(value)) report(issues, path, m.pattern ?? `Invalid string: must match pattern ${String(pattern)}`);
    if (!url) return value;
    const trimmed = value.trim();
    if (URL.canParse(trimmed)) return trimmed.replace(/[\t\n\r]/g, '');
    report(issues, path, m.url ?? 'Invalid URL');
    return value;
  }, () => defined({ type: 'string', minLength, maxLength, format: url ? 'uri' : format, pattern: pattern?.source }));
}

/** zod's `z.iso.datetime({ offset: true })` pattern: a real calendar date, seconds, then `Z` or `±hh:mm`. */
const INSTANT = /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/;

/** An ISO-8601 instant with `Z` or an offset, as zod's `z.iso.datetime({ offset: true, error: message })`. */
export function isoInstant(message?: string): Schema<string> {
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

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * A safe integer, as zod's `z.number().check(z.int(), …)`.
 *
 * @example
 * ```ts
 * const Limit = integer({ coerce: true, min: 1, max: 100, messages: { min: 'must be at least 1' } });
 * ```
 */
export function integer(rules: IntegerRules = {}): Schema<number> {
  const { coerce = false, min, max, messages: m = {} } = rules;
  return new Schema({ kind: 'integer', rules }, (given, path, issues) => {
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
      report(issues, path, m.integer ?? expected('int', value), 'explicit');
    } else {
      if (!Number.isSafeInteger(value)) report(issues, path, m.integer ?? (value > 0 ? beyond(false, MAX_SAFE, 'int') : beyond(true, -MAX_SAFE, 'int')));
      if (min !== undefined && value < min) report(issues, path, m.min ?? beyond(true, min, 'number'));
      if (max !== undefined && value > max) report(issues, path, m.max ?? beyond(false, max, 'number'));
    }
    return value as number;
  }, () => ({ type: 'integer', minimum: min ?? -MAX_SAFE, maximum: max ?? MAX_SAFE }));
}

/** The rules of a {@link number}. */
export interface NumberRules {
  /** Inclusive bounds. @default - none */
  readonly min?: number;
  readonly max?: number;
  /** What a value past a bound is told. @default - zod's English messages */
  readonly messages?: { readonly min?: string; readonly max?: string };
}

/** A finite number, as zod's `z.number().check(z.minimum(min), z.maximum(max))`. */
export function number(rules: NumberRules = {}): Schema<number> {
  const { min, max, messages: m = {} } = rules;
  return new Schema({ kind: 'number', rules }, (value, path, issues) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      report(issues, path, expected('number', value), true);
    } else {
      if (min !== undefined && value < min) report(issues, path, m.min ?? beyond(true, min, 'number'));
      if (max !== undefined && value > max) report(issues, path, m.max ?? beyond(false, max, 'number'));
    }
    return value as number;
  }, () => defined({ type: 'number', minimum: min, maximum: max }));
}

/** `true` or `false`, as zod's `z.boolean()`. */
export function boolean(): Schema<boolean> {
  return new Schema({ kind: 'boolean' }, (value, path, issues) => {
    if (typeof value !== 'boolean') report(issues, path, expected('boolean', value), true);
    return value as boolean;
  }, () => ({ type: 'boolean' }));
}

/** zod's message for a value that is none of `values`. */
const noneOf = (values: readonly string[]): string => (values.length === 1
  ? `Invalid input: expected "${values[0]}"`
  : `Invalid option: expected one of ${values.map((v) => `"${v}"`).join('|')}`);

/** One of `values`, as zod's `z.enum(values)`. */
export function enumOf<const V extends string>(values: readonly V[]): Schema<V> {
  const message = noneOf(values);
  return new Schema({ kind: 'enum', values }, (value, path, issues) => {
    if (!values.includes(value as V)) report(issues, path, message, true);
    return value as V;
  }, () => ({ type: 'string', enum: [...values] }));
}

/** Exactly `value`, as zod's `z.literal(value)`; it tags the options of a {@link discriminatedUnion}. */
export function literal<const V extends string>(value: V): Schema<V> {
  const message = noneOf([value]);
  return new Schema({ kind: 'literal', value }, (given, path, issues) => {
    if (given !== value) report(issues, path, message, true);
    return given as V;
  }, () => ({ type: 'string', const: value }));
}
