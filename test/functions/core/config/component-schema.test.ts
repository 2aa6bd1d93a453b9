import { describe, expect, it } from 'vitest';
import { lines, minimal, problems, valid, withComponent } from './helpers.js';

describe('Schema: ComponentSchema', () => {
  it('refuses a version YAML read as a number, showing it as written', () => {
    // Prepare
    const text = 'version: 1\ncomponents:\n  - name: api\n    current: 1.10\n    source: { type: npm, package: api }\n';

    // Act
    const [problem] = problems(text);

    // Assess
    expect(problem).toEqual({
      path: 'components[0].current',
      value: '1.10',
      message: '`current` must be a version string; quote it in YAML, e.g. "1.10" (unquoted, 1.10 is read as the number 1.1)',
      line: 4,
      column: 14,
    });
  });

  it('requires name, current and source', () => {
    expect(lines({ version: 1, components: [{}] })).toEqual([
      'components[0].name: `name` is required',
      'components[0].current: `current` is required',
      'components[0].source: `source` is required',
    ]);
  });

  it('refuses an empty version and a bad name', () => {
    expect(lines(withComponent({ name: 'Billing API', current: ' ', highWaterMark: '' }))).toEqual([
      'components[0].name: `name` must be a lower-case name of letters, digits, "-" or "_" (1–63 characters, e.g. "billing-api")',
      'components[0].current: `current` must not be empty',
      'components[0].highWaterMark: `highWaterMark` must not be empty',
    ]);
  });

  it('suggests the key a typo meant inside a source', () => {
    expect(lines(withComponent({ source: { type: 'git', url: 'https://x/y.git', tagpattern: '^v(.*)$' } }))).toEqual([
      'components[0].source.tagpattern: `tagpattern` is not a known key here; did you mean `tagPattern`?',
    ]);
  });

  it('lists the known keys when no key is close', () => {
    expect(lines(withComponent({ source: { type: 'oci', image: 'ghcr.io/a/b', zzzzzzzz: 1 } }))).toEqual([
      'components[0].source.zzzzzzzz: `zzzzzzzz` is not a known key here; known keys here: type, image, credentialsSecret, insecure',
    ]);
  });

  it('names windows a component ships in, which must exist', () => {
    const window = { name: 'nights', days: ['Mon'], start: '22:00', end: '05:00', timezone: 'UTC' };
    expect(valid({ ...withComponent({ windows: ['nights'] }), windows: [window] }).components[0]?.windows).toEqual(['nights']);
    expect(lines(withComponent({ windows: ['nights'] }))).toEqual([
      'components[0].windows[0]: `windows[0]` must name a window declared under windows (none are declared)',
    ]);
    expect(lines(withComponent({ windows: [] }))).toEqual([
      'components[0].windows: `windows` must name at least one window, or be left out to use every window',
    ]);
  });

  it('keeps the running version and the protections', () => {
    const config = valid(withComponent({ scheme: 'semver', allowPrerelease: true, highWaterMark: '1.0.0', quarantined: ['1.0.1'], description: 'The API' }));

    expect(config.components[0]).toMatchObject({ current: '1.0.0', scheme: 'semver', allowPrerelease: true, highWaterMark: '1.0.0', quarantined: ['1.0.1'] });
    expect(minimal().components).toHaveLength(1);
  });
});
