import type * as z from 'zod';

/**
 * Messages for zod's own checks, in the house form ("is required", "must be …, got …").
 * Passed per parse (never set globally: the process may host other zod users). Messages a
 * schema sets itself take precedence over these.
 */

const NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
  array: 'a list',
  record: 'a mapping',
  literal: 'a fixed value',
};

/** `a string`, `a list`: how a message names what zod expected. */
export function noun(expected: string): string {
  return NOUNS[expected] ?? expected;
}

/** What kind of YAML value `input` is, for "got …". */
export function kindOf(input: unknown): string {
  if (input === null) return 'null (an empty value)';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'number') return Number.isInteger(input) ? 'a whole number' : 'a fraction';
  // YAML gives nothing else: null, lists, mappings, numbers, strings and booleans.
  return typeof input === 'string' ? 'a string' : 'true/false';
}

function bound(issue: { origin: string; inclusive?: boolean }, value: number | bigint, small: boolean): string {
  if (issue.origin === 'array') return `must have ${small ? 'at least' : 'at most'} ${value} item(s)`;
  if (issue.origin === 'string') return small && value === 1 ? 'must not be empty' : `must be ${small ? 'at least' : 'at most'} ${value} characters long`;
  const word = small ? (issue.inclusive === false ? 'greater than' : 'at least') : issue.inclusive === false ? 'less than' : 'at most';
  return `must be ${word} ${value}`;
}

/** The per-parse error map. */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${noun(issue.expected)}, got ${kindOf(issue.input)}`;
    case 'too_small':
      return bound(issue, issue.minimum, true);
    case 'too_big':
      return bound(issue, issue.maximum, false);
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v));
      if (issue.input === undefined) return allowed.length === 1 ? `is required; set it to ${allowed[0]}` : `is required; set it to one of ${allowed.join(', ')}`;
      return allowed.length === 1 ? `must be ${allowed[0]}` : `must be one of ${allowed.join(', ')}`;
    }
    default:
      return undefined;
  }
};
