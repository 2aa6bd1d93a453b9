import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../functions/core/errors.js';
import { parseConfig, requireConfig } from '../../../../functions/core/config/parse.js';

const GOOD = 'version: 1\ncomponents:\n  - name: api\n    current: "1.0.0"\n    source: { type: npm, package: api }\n';

describe('Function: parseConfig', () => {
  it('returns the config with defaults applied', () => {
    const result = parseConfig(GOOD, 'upkeep.yaml');

    expect(result.ok && result.config.components[0]?.source).toEqual({ type: 'npm', package: 'api', registry: 'https://registry.npmjs.org' });
  });

  it('reports YAML syntax errors by line and column with a fix', () => {
    const result = parseConfig('version: 1\ncomponents:\n  - name: api\n\tcurrent: 1\n', 'upkeep.yaml');

    expect(result.ok ? [] : result.problems[0]).toEqual({
      path: 'upkeep.yaml:4:1',
      value: 'current: 1',
      message: 'YAML syntax error: Tabs are not allowed as indentation; indent with spaces; YAML does not allow tabs',
      line: 4,
      column: 1,
    });
  });

  it.each([
    ['a: 1\na: 2\n', 'upkeep.yaml:2:1', 'Map keys must be unique; remove or rename one of the two'],
    ['a: 1\n---\nb: 2\n', 'upkeep.yaml:2:1', 'Source contains multiple documents; keep one document: remove the extra "---"'],
    ['a: "open\n', 'upkeep.yaml:2:1', 'Missing closing "quote; look for an unclosed quote or bracket, or a missing ":"'],
    ['a: @x\n', 'upkeep.yaml:1:4', 'fix the YAML syntax here'],
  ])('explains %j', (text, path, message) => {
    const result = parseConfig(text, 'upkeep.yaml');

    expect(result.ok ? undefined : result.problems[0]).toMatchObject({ path });
    expect(result.ok ? '' : result.problems[0]?.message).toContain(message);
  });

  it('reports an alias to an anchor that does not exist', () => {
    const result = parseConfig('a: *nothing\n', 'upkeep.yaml');

    expect(result.ok ? [] : result.problems).toEqual([
      { path: 'upkeep.yaml', value: '', message: expect.stringMatching(/^YAML error: .*; define the anchor \(&name\) before the alias \(\*name\) that uses it$/) as unknown },
    ]);
  });

  it('stops an alias bomb', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefg'[i]}`).join(', ')}]`)].join('\n');

    const result = parseConfig(bomb, 'upkeep.yaml');

    expect(result.ok ? '' : result.problems[0]?.message).toMatch(/use fewer aliases/);
  });

  it.each(['', '# only a comment\n', '~\n'])('says an empty file (%j) is empty', (text) => {
    expect(parseConfig(text, 'upkeep.yaml')).toEqual({
      ok: false,
      problems: [{ path: '(top level)', value: '', message: 'The file is empty; start it with "version: 1" and a "components:" list (see examples/upkeep.yaml)' }],
    });
  });

  it('says a file that is not a mapping must be one', () => {
    expect(parseConfig('- a\n- b\n', 'upkeep.yaml')).toEqual({
      ok: false,
      problems: [{ path: '(top level)', value: '["a","b"]', message: 'The file must be a mapping (key: value lines), got a list', line: 1, column: 1 }],
    });
  });

  it('lists problems in file order, each with its place, value and fix', () => {
    const text = 'components:\n  - name: api\n    current: "1"\n    source: { type: npm, package: api, registy: x }\nversion: 2\n';

    const result = parseConfig(text, 'upkeep.yaml');

    expect(result.ok ? [] : result.problems).toEqual([
      { path: 'components[0].source.registy', value: '"x"', message: '`registy` is not a known key here; did you mean `registry`?', line: 4, column: 40 },
      { path: 'version', value: '2', message: '`version` must be 1 (the only version of upkeep.yaml so far)', line: 5, column: 10 },
    ]);
  });

  it('cuts long values short', () => {
    const result = parseConfig(`version: 1\ncomponents: "${'x'.repeat(100)}"\n`, 'upkeep.yaml');

    expect(result.ok ? '' : result.problems[0]?.value).toHaveLength(60);
  });
});

describe('Function: requireConfig', () => {
  it('returns a valid config', () => {
    expect(requireConfig(GOOD, 'upkeep.yaml').version).toBe(1);
  });

  it('throws a ValidationError listing every problem', () => {
    // Act
    const act = (): unknown => requireConfig('version: 1\ncomponents: []\nfoo: 1\n', 'bad.yaml');

    // Assess
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(/bad\.yaml has 2 problem\(s\):\n {2}components: `components` must list at least one component \(got \[\]\)\n {2}foo: .*\(got 1\)$/);
  });

  it('leaves out "got" when nothing was there', () => {
    expect(() => requireConfig('components: [{ name: a, current: "1", source: { type: npm, package: a } }]\n', 'bad.yaml')).toThrow(/version: `version` is required; set it to 1$/);
  });
});
