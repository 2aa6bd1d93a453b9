import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  array, boolean, discriminatedUnion, enumOf, integer, isoInstant, literal, looseObject, meta, number, object, optional, record, refine, strictObject, string, superRefine,
  union, withDefault, type AnySchema,
} from '../../../../functions/core/checks/index.js';
import { SecretRefSchema, SourceSchema } from '../../../../functions/core/config/source-schema.js';
import { zodOf } from '../../../../functions/core/config/zod-form.js';
import { PolicySchema } from '../../../../functions/core/policy/policy-schema.js';
import { expectAgreement, ours, zods } from '../../../support/schemas/agreement.js';
import { policyLike, sourceLike } from '../../../support/schemas/document-arbitraries.js';

const JUNK = [undefined, null, 5, 1.5, 'text', '', true, [], ['a'], {}];

const CATALOGUE: readonly (readonly [string, AnySchema, readonly unknown[]])[] = [
  ['a plain string', string(), ['a']],
  ['a string with every rule', string({ trim: true, minLength: 2, maxLength: 4, pattern: /^[a-z:/.]+$/, url: true, messages: { type: 't', minLength: 'short', maxLength: 'long', pattern: 'p', url: 'u' } }), [' ab ', 'a', 'abcdef', 'a:b', 'AB']],
  ['an integer', integer({ min: 1, max: 5, messages: { type: 't', integer: 'i', min: 'lo', max: 'hi' } }), [3, 0, 6, 2.5, 2 ** 60]],
  ['an integer in zod\'s words', integer(), [3, 2.5, 2 ** 60, -(2 ** 60)]],
  ['a number', number({ min: 0, max: 1, messages: { min: 'lo' } }), [0.5, -1, 2]],
  ['a boolean', boolean(), [false]],
  ['an enum', enumOf(['a', 'b']), ['a', 'c']],
  ['a literal', literal('x'), ['x', 'y']],
  ['an optional', optional(string()), ['a']],
  ['a default', withDefault(array(string()), []), [['a']]],
  ['a description', meta(optional(boolean()), { description: 'on or off' }), [true]],
  ['objects', strictObject({ s: strictObject({ a: optional(string()) }), o: object({ b: withDefault(number(), 1) }), l: looseObject({ c: boolean() }) }), [
    { s: {}, o: {}, l: { c: true, d: 1 } }, { s: { a: 1, x: 2 }, o: { b: 'x', y: 1 }, l: {} }, { s: [], o: null },
  ]],
  ['an array', array(enumOf(['a']), { minLength: 1, messages: { minLength: 'one at least' } }), [['a'], [], ['b']]],
  ['a record', record(integer()), [{ a: 1 }, { a: 'x' }]],
  ['a union', union([enumOf(['x']), refine(string(), (s) => s.length > 2, { message: 'long' })]), ['x', 'ab', 'abc']],
  ['a discriminated union', discriminatedUnion('k', [strictObject({ k: literal('a') }), strictObject({ k: literal('b'), n: integer() })]), [{ k: 'a' }, { k: 'b' }, { k: 'c' }, { k: 'a', n: 1 }]],
  ['a refinement with a path', refine(strictObject({ a: integer(), b: integer() }), (v) => v.a < v.b, { path: ['b'], message: 'above a' }), [{ a: 1, b: 2 }, { a: 2, b: 1 }, { a: 'x', b: 1 }]],
  ['a refinement finding several things', superRefine(array(integer()), (items, addIssue) => items.forEach((n, i) => n < 0 && addIssue([i], 'negative'))), [[1, -1, -2], [1, 'x', -1]]],
];

describe('Function: zodOf', () => {
  it.each(CATALOGUE)('gives %s a zod form that answers and describes as it does', (_label, schema, inputs) => {
    expectAgreement(schema, zodOf(schema), [...inputs, ...JUNK]);
  });

  it('builds each form once', () => {
    expect(zodOf(SecretRefSchema)).toBe(zodOf(SecretRefSchema));
  });

  it.each<[string, AnySchema]>([
    ['a coerced number', integer({ coerce: true })],
    ['a string of format date-time', isoInstant()],
  ])('has no form for %s, which only the API uses', (what, schema) => {
    expect(() => zodOf(schema)).toThrow(`${what} has no zod form`);
  });

  it('gives the policy a zod form that answers any policy-like document as it does', () => {
    const form = zodOf(PolicySchema);
    fc.assert(fc.property(policyLike, (input) => {
      expect(ours(PolicySchema, input)).toStrictEqual(zods(form, input));
    }), { numRuns: 1000 });
  });

  it('gives the source a zod form that answers any source-like document as it does', () => {
    const form = zodOf(SourceSchema);
    fc.assert(fc.property(sourceLike, (input) => {
      expect(ours(SourceSchema, input)).toStrictEqual(zods(form, input));
    }), { numRuns: 1000 });
  });
});
