import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { closest } from '../../../../functions/core/config/closest.js';
import { configErrorMap } from '../../../../functions/core/config/messages.js';
import { describeIssues, formatPath, knownKeys, type DocumentView } from '../../../../functions/core/config/problems.js';
import { renderValue } from '../../../../functions/core/config/yaml-view.js';
import { problems } from './helpers.js';

/** A view over plain data with no file behind it (no places known). */
function plainView(data: unknown): DocumentView {
  const valueAt = (path: readonly PropertyKey[]): unknown =>
    path.reduce<unknown>((value, segment) => (typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[segment] : undefined), data);
  return { valueAt, render: (path) => renderValue(valueAt(path)), locate: () => undefined };
}

function describe_(schema: z.ZodType, data: unknown) {
  const result = schema.safeParse(data, { error: configErrorMap });
  return result.success ? [] : describeIssues(result.error.issues, schema, plainView(data));
}

describe('Function: formatPath', () => {
  it('writes keys with dots and list positions with brackets', () => {
    expect(formatPath(['components', 1, 'source', 'url'])).toBe('components[1].source.url');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath([])).toBe('(top level)');
  });
});

describe('Function: closest', () => {
  it('suggests a near word, case-insensitively, and nothing for a far one', () => {
    expect(closest('tagpattern', ['tagPattern', 'url'])).toBe('tagPattern');
    expect(closest('registy', ['registry', 'package'])).toBe('registry');
    expect(closest('xyz', ['registry'])).toBeUndefined();
    expect(closest('a', [])).toBeUndefined();
  });
});

describe('Function: knownKeys', () => {
  const Shape = z.object({
    list: z.array(z.object({ a: z.string() }).strict()),
    map: z.record(z.string(), z.object({ b: z.string() }).strict()),
    either: z.union([z.string(), z.object({ c: z.string() }).strict()]).optional(),
    scalars: z.union([z.string(), z.number()]),
    kind: z.discriminatedUnion('type', [z.object({ type: z.literal('x'), x: z.string() }), z.object({ type: z.literal('y'), y: z.string() })]),
    piped: z.object({ d: z.string() }).strict().transform((v) => v.d),
  });
  const view = plainView({ kind: { type: 'y' }, list: [{}], map: { k: {} }, either: {} });

  it('walks objects, lists, records, unions and pipes', () => {
    expect(knownKeys(Shape, [], view)).toEqual(['list', 'map', 'either', 'scalars', 'kind', 'piped']);
    expect(knownKeys(Shape, ['list', 0], view)).toEqual(['a']);
    expect(knownKeys(Shape, ['map', 'k'], view)).toEqual(['b']);
    expect(knownKeys(Shape, ['either'], view)).toEqual(['c']);
    expect(knownKeys(Shape, ['kind'], view)).toEqual(['type', 'y']);
    expect(knownKeys(Shape, ['piped'], view)).toEqual(['d']);
  });

  it('knows no keys where there is no object', () => {
    expect(knownKeys(Shape, ['scalars'], view)).toEqual([]);
    expect(knownKeys(Shape, ['nowhere', 'deeper'], view)).toEqual([]);
    expect(knownKeys(Shape, ['list', 0, 'a', 'b'], view)).toEqual([]);
    expect(knownKeys(Shape, ['kind'], plainView({ kind: 'x' }))).toEqual(['type', 'x']);
  });
});

describe('Function: describeIssues', () => {
  it('names the file itself at the top level', () => {
    expect(describe_(z.object({}), 3)).toEqual([{ path: '(top level)', value: '3', message: 'The file must be a mapping (key: value lines), got a whole number' }]);
  });

  it('leaves a message that does not start with a verb as it is', () => {
    expect(describe_(z.object({ a: z.string().refine(() => false, { message: 'Nope.' }) }), { a: 'x' })[0]?.message).toBe('Nope.');
  });

  it('describes a union whose members all want another type', () => {
    expect(describe_(z.object({ a: z.union([z.string(), z.array(z.string())]) }), { a: null })[0]?.message).toBe('`a` must be a string or a list, got null (an empty value)');
  });

  it('follows the union member the value was written for', () => {
    expect(describe_(z.object({ a: z.union([z.string(), z.object({ b: z.number() }).strict()]) }), { a: { b: 'x' } })).toEqual([
      { path: 'a.b', value: '"x"', message: '`b` must be a number, got a string' },
    ]);
  });

  it('follows the union member with the fewest problems', () => {
    const A = z.object({ a: z.string(), b: z.string() }).strict();
    const B = z.object({ c: z.string() }).strict();

    expect(describe_(z.object({ u: z.union([A, B]) }), { u: { c: 1 } }).map((p) => p.path)).toEqual(['u.c']);
    expect(describe_(z.object({ u: z.union([B, A]) }), { u: { c: 1 } }).map((p) => p.path)).toEqual(['u.c']);
  });

  it('suggests the closest allowed value, or none', () => {
    const schema = z.object({ e: z.enum(['canary', 'linear']) });
    expect(describe_(schema, { e: 'canery' })[0]?.message).toBe('`e` must be one of "canary", "linear"; did you mean "canary"?');
    expect(describe_(schema, { e: 7 })[0]?.message).toBe('`e` must be one of "canary", "linear"');
    expect(describe_(z.object({ e: z.enum(['a', 'b']) }), {})[0]?.message).toBe('`e` is required; set it to one of "a", "b"');
  });

  it('locates a problem in an aliased YAML node by its nearest known place', () => {
    const text = 'version: 1\ncomponents:\n  - &api { name: api, current: "1", source: { type: npm, package: api } }\n  - *api\n';

    expect(problems(text)).toEqual([{ path: 'components[1].name', value: '"api"', message: expect.stringContaining('is a duplicate') as unknown, line: 4, column: 5 }]);
  });
});

describe('Function: configErrorMap', () => {
  it.each([
    [z.array(z.string()).max(1), ['a', 'b'], 'must have at most 1 item(s)'],
    [z.array(z.string()).min(2), ['a'], 'must have at least 2 item(s)'],
    [z.string().min(3), 'ab', 'must be at least 3 characters long'],
    [z.string().min(1), '', 'must not be empty'],
    [z.string().max(1), 'ab', 'must be at most 1 characters long'],
    [z.number().gt(0), 0, 'must be greater than 0'],
    [z.number().lt(0), 0, 'must be less than 0'],
    [z.number().max(1), 2, 'must be at most 1'],
    [z.literal('x'), 'y', 'must be "x"'],
    [z.literal('x'), undefined, 'is required; set it to "x"'],
    [z.boolean(), 'yes', 'must be true or false, got a string'],
    [z.object({}), [], 'must be a mapping (key: value lines), got a list'],
    [z.string(), {}, 'must be a string, got a mapping'],
    [z.string(), false, 'must be a string, got true/false'],
    [z.number(), 'x', 'must be a number, got a string'],
    [z.bigint(), 1, 'must be bigint, got a whole number'],
  ])('explains %s for %j', (schema, input, message) => {
    expect(schema.safeParse(input, { error: configErrorMap }).error?.issues[0]?.message).toBe(message);
  });

  it('leaves other issues to zod', () => {
    expect(z.number().multipleOf(2).safeParse(3, { error: configErrorMap }).error?.issues[0]?.message).toMatch(/multiple of 2/i);
  });
});
