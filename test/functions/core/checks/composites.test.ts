import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  array, boolean, discriminatedUnion, enumOf, integer, literal, looseObject, meta, number, object, optional, record, refine, strictObject, string, superRefine, toJSONSchema,
  union, withDefault,
} from '../../../../functions/core/checks/index.js';
import { expectAgreement, ours, zods } from '../../../support/schemas/agreement.js';

const JUNK = [undefined, null, 5, 'text', true, [], {}];

describe('Functions: optional, withDefault, meta', () => {
  it.each([
    ['optional', optional(string()), z.optional(z.string()), [undefined, 'a', 1]],
    ['withDefault', withDefault(enumOf(['a', 'b']), 'a'), z._default(z.enum(['a', 'b']), 'a'), [undefined, 'b', 'c']],
    ['withDefault of an object', withDefault(object({ n: optional(integer()) }), {}), z._default(z.object({ n: z.optional(z.number().check(z.int())) }), {}), [undefined, { n: 1 }, { n: 'x' }]],
    ['meta of a plain schema', meta(string(), { description: 'words' }), z.string().check(z.meta({ description: 'words' })), ['a', 1]],
    ['meta of an optional one', meta(optional(string()), { description: 'words' }), z.optional(z.string()).check(z.meta({ description: 'words' })), ['a', undefined]],
  ] as const)('checks and describes %s as zod does', (_label, schema, reference, inputs) => {
    expectAgreement(schema, reference, inputs);
  });

  it('gives each default afresh, so that no two outputs share one object', () => {
    // Prepare
    const schema = withDefault(array(string()), []);

    // Act
    const [first, second] = [schema.validate(undefined), schema.validate(undefined)];

    // Assess
    expect(first.value).toEqual([]);
    expect(first.value).not.toBe(second.value);
  });
});

describe('Functions: strictObject, object, looseObject', () => {
  const shape = { a: string(), b: withDefault(boolean(), false), c: optional(integer({ min: 0 })) };
  const zodShape = { a: z.string(), b: z._default(z.boolean(), false), c: z.optional(z.number().check(z.int(), z.minimum(0))) };
  const inputs = [
    { a: 'x' }, { a: 'x', b: true, c: 3 }, {}, { a: 1, c: -1 }, { a: 'x', d: 1 }, { a: 'x', d: 1, e: 2 }, { a: 'x', c: undefined },
    JSON.parse('{"a":"x","__proto__":{"polluted":true}}'), { a: 'x', constructor: 'y' }, ...JUNK, [['a', 'x']],
  ];

  it.each([
    ['strictObject', strictObject(shape), z.strictObject(zodShape)],
    ['object', object(shape), z.object(zodShape)],
    ['looseObject', looseObject(shape), z.looseObject(zodShape)],
  ] as const)('%s checks, outputs and describes as zod does', (_label, schema, reference) => {
    expectAgreement(schema, reference, inputs);
  });

  it('offers its shape, to reuse or extend', () => {
    expect(strictObject(shape).shape).toBe(shape);
  });
});

describe('Function: array', () => {
  it.each([
    ['of strings', array(string()), z.array(z.string()), [[], ['a', 'b'], ['a', 1, null], { 0: 'a' }]],
    ['of at least two', array(enumOf(['a', 'b']), { minLength: 2 }), z.array(z.enum(['a', 'b'])).check(z.minLength(2)), [['a', 'b'], ['a'], ['c'], []]],
    ['of at least two, in its own words', array(string(), { minLength: 2, messages: { minLength: 'two at least' } }), z.array(z.string()).check(z.minLength(2, 'two at least')), [['a']]],
    // A fraction stops the length check (zod's continue: false); a wrong type does not.
    ['of at least two integers', array(integer(), { minLength: 2 }), z.array(z.number().check(z.int())).check(z.minLength(2)), [[1.5], ['1'], [1], [1, 2]]],
  ] as const)('%s checks and describes as zod does', (_label, schema, reference, inputs) => {
    expectAgreement(schema, reference, [...inputs, ...JUNK]);
  });
});

describe('Function: record', () => {
  it('checks and describes as zod\'s z.record(z.string(), value) does', () => {
    expectAgreement(record(string({ minLength: 1 })), z.record(z.string(), z.string().check(z.minLength(1))), [
      { a: 'x', b: 'y' }, { a: '', b: 1 }, {}, JSON.parse('{"a":"x","__proto__":"y"}'), ...JUNK, ['x'],
    ]);
  });
});

describe('Function: union', () => {
  const schema = union([string({ minLength: 1 }), array(string({ minLength: 1 }), { minLength: 1 })]);
  const reference = z.union([z.string().check(z.minLength(1)), z.array(z.string().check(z.minLength(1))).check(z.minLength(1))]);

  it('answers as zod does: the first that holds, else the one that failed only a rule, else "Invalid input"', () => {
    expectAgreement(schema, reference, ['a', '', ['a'], [], [''], ['a', 5], [5], ...JUNK]);
  });

  it('answers any JSON value as zod does', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 2 }), (input) => {
      expect(ours(schema, input)).toStrictEqual(zods(reference, input));
    }), { numRuns: 500 });
  });

  it('takes two options that both fail a rule as failing both', () => {
    expectAgreement(union([string({ minLength: 3 }), string({ pattern: /^x/ })]), z.union([z.string().check(z.minLength(3)), z.string().check(z.regex(/^x/))]), ['ab', 'xy', 'abc']);
  });
});

describe('Function: discriminatedUnion', () => {
  const schema = discriminatedUnion('type', [
    strictObject({ type: literal('a'), n: integer() }),
    strictObject({ type: literal('b'), s: withDefault(string(), 'z') }),
  ]);
  const reference = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('a'), n: z.number().check(z.int()) }),
    z.strictObject({ type: z.literal('b'), s: z._default(z.string(), 'z') }),
  ]);

  it('answers and describes as zod does', () => {
    expectAgreement(schema, reference, [{ type: 'a', n: 1 }, { type: 'b' }, { type: 'a', s: 'x' }, { type: 'c' }, { n: 1 }, { type: 5 }, ...JUNK, ['a']]);
  });

  it('needs a literal tag in each option', () => {
    expect(() => discriminatedUnion('type', [strictObject({ type: string() })])).toThrow('each option of a discriminated union needs a literal "type"');
    expect(() => discriminatedUnion('type', [strictObject({})])).toThrow(TypeError);
  });
});

describe('Function: refine', () => {
  const range = refine(strictObject({ from: integer(), to: integer({ max: 10 }) }), (r) => r.from <= r.to, { path: ['to'], message: 'must not be below from' });
  const reference = z.strictObject({ from: z.number().check(z.int()), to: z.number().check(z.int(), z.maximum(10)) })
    .check(z.refine((r) => r.from <= r.to, { path: ['to'], message: 'must not be below from' }));

  it('checks a rule across fields once nothing fatal was found, as zod does', () => {
    expectAgreement(range, reference, [{ from: 1, to: 2 }, { from: 3, to: 2 }, { from: 30, to: 20 }, { from: 3, to: 2, x: 1 }, { from: 'a', to: 2 }, { from: 3.5, to: 2 }, ...JUNK]);
  });

  it('reports where the value is when given no path', () => {
    expectAgreement(refine(string(), (s) => s !== 'no', { message: 'not no' }), z.string().check(z.refine((s) => s !== 'no', { message: 'not no' })), ['no', 'yes', 1]);
  });
});

describe('Function: superRefine', () => {
  const unique = superRefine(array(strictObject({ id: string() })), (items, addIssue) => {
    items.forEach((item, i) => {
      if (items.findIndex((other) => other.id === item.id) < i) addIssue([i, 'id'], `duplicates ${item.id}`);
    });
  });
  const reference = z.array(z.strictObject({ id: z.string() })).check(z.superRefine((items, ctx) => {
    items.forEach((item, i) => {
      if (items.findIndex((other) => other.id === item.id) < i) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicates ${item.id}` });
    });
  }));

  it('adds each issue found once nothing fatal was found, as zod does', () => {
    expectAgreement(unique, reference, [[{ id: 'a' }, { id: 'b' }], [{ id: 'a' }, { id: 'a' }, { id: 'a' }], [{ id: 'a' }, { id: 'a', x: 1 }], [{ id: 'a' }, { id: 1 }, { id: 'a' }], ...JUNK]);
  });
});

describe('Class: Schema', () => {
  it('says whether an object may go without it, through wrappers', () => {
    expect([string(), optional(string()), withDefault(string(), ''), meta(optional(string()), { description: 'd' }), refine(withDefault(number(), 1), () => true, { message: 'm' })]
      .map((schema) => schema.absent)).toEqual([undefined, 'optional', 'defaulted', 'optional', 'defaulted']);
  });

  it('describes itself with the JSON Schema dialect first', () => {
    expect(toJSONSchema(boolean())).toEqual({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'boolean' });
  });
});
