import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { boolean, enumOf, integer, isoInstant, literal, number, string } from '../../../../functions/core/checks/index.js';
import { expectAgreement, ours, zods } from '../../../support/schemas/agreement.js';

const emoji = (n: number): string => '😀'.repeat(n);
const JUNK = [undefined, null, 5, Number.NaN, Number.POSITIVE_INFINITY, true, 'text', [], ['a'], {}, { length: 2 }];

describe('Function: string', () => {
  it.each([
    ['plain', string(), z.string(), ['a', '']],
    ['with bounds in code points', string({ minLength: 2, maxLength: 3 }), z.string().check(z.minLength(2), z.maxLength(3)), ['ab', 'a', 'abcd', emoji(3), emoji(4), [1], [1, 2, 3, 4]]],
    ['with a pattern and bounds', string({ pattern: /^a+$/, maxLength: 3 }), z.string().check(z.maxLength(3), z.regex(/^a+$/)), ['aa', 'ab', 'aaaa', 'bbbbb', ['a', 'a', 'a', 'a']]],
    [
      'with its own words', string({ trim: true, minLength: 1, messages: { type: 'must be text', minLength: 'must not be empty' } }),
      z.string({ error: (issue) => (issue.input === undefined ? undefined : 'must be text') }).check(z.trim(), z.minLength(1, 'must not be empty')),
      [' a ', '   ', []],
    ],
    [
      'that is a URL', string({ url: true, messages: { url: 'must be a URL' } }), z.string().check(z.url('must be a URL')),
      ['https://example.com', ' http://a.b/c ', 'http://a\tb.c/\n', 'mailto:x@y.z', 'ftp://x', 'http:example.com', 'not a url', '', 'http://[::1]:80', 'https://ex ample.com'],
    ],
    ['that is a URL, in zod\'s words', string({ url: true }), z.string().check(z.url()), ['nope', 'https://a.b']],
  ] as const)('checks and describes a string %s as zod does', (_label, schema, reference, inputs) => {
    expectAgreement(schema, reference, [...inputs, ...JUNK]);
  });

  it('answers any text as zod does', () => {
    const schema = string({ trim: true, minLength: 2, maxLength: 5, pattern: /^[a-z ]+$/, url: true });
    const reference = z.string().check(z.trim(), z.minLength(2), z.maxLength(5), z.regex(/^[a-z ]+$/), z.url());
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 8 }), fc.webUrl(), fc.constantFrom(' a:b ', 'ab cd', 'a:bc')), (text) => {
        expect(ours(schema, text)).toStrictEqual(zods(reference, text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('Function: isoInstant', () => {
  it('checks and describes as zod\'s z.iso.datetime({ offset: true }) does', () => {
    expectAgreement(isoInstant(), z.iso.datetime({ offset: true }), ['2025-01-01T00:00:00Z', '2025-01-01T00:00:00.5+01:00', '2025-01-01', '2023-02-29T00:00:00Z', 5, undefined]);
  });
});

describe('Function: integer', () => {
  it.each([
    ['without bounds', integer(), z.number().check(z.int()), [3, -4, 0.5, 2 ** 60, -(2 ** 60), '3']],
    ['coerced, with bounds', integer({ coerce: true, min: 2, max: 4 }), z.coerce.number().check(z.int(), z.minimum(2), z.maximum(4)), ['3', '1', '5', 'x', '2.5', 3]],
    [
      'in its own words', integer({ min: 1, max: 3, messages: { type: 'a count', integer: 'whole', min: 'at least 1', max: 'at most 3' } }),
      z.number({ error: (issue) => (issue.input === undefined ? undefined : 'a count') }).check(z.int('whole'), z.minimum(1, 'at least 1'), z.maximum(3, 'at most 3')),
      [2, 0, 4, 1.5, 2 ** 60, '2'],
    ],
  ] as const)('checks and describes an integer %s as zod does', (_label, schema, reference, inputs) => {
    expectAgreement(schema, reference, [...inputs, ...JUNK]);
  });
});

describe('Function: number', () => {
  it.each([
    ['without bounds', number(), z.number(), [0.5, -3]],
    ['with bounds', number({ min: 0, max: 1 }), z.number().check(z.minimum(0), z.maximum(1)), [0, 1, 0.5, -0.1, 1.1]],
    ['with bounds in its own words', number({ min: 0, max: 1, messages: { min: 'not below 0', max: 'not above 1' } }), z.number().check(z.minimum(0, 'not below 0'), z.maximum(1, 'not above 1')), [-1, 2]],
  ] as const)('checks and describes a number %s as zod does', (_label, schema, reference, inputs) => {
    expectAgreement(schema, reference, [...inputs, ...JUNK]);
  });
});

describe('Functions: boolean, enumOf, literal', () => {
  it.each([
    ['boolean', boolean(), z.boolean(), [true, false, 'true', 0]],
    ['enumOf with one value', enumOf(['only']), z.enum(['only']), ['only', 'other']],
    ['enumOf with several', enumOf(['a', 'b', 'c']), z.enum(['a', 'b', 'c']), ['b', 'd', 'A']],
    ['literal', literal('npm'), z.literal('npm'), ['npm', 'git', 'NPM']],
  ] as const)('checks and describes %s as zod does', (_label, schema, reference, inputs) => {
    expectAgreement(schema, reference, [...inputs, ...JUNK]);
  });
});
