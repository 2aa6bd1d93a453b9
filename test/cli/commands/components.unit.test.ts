import { describe, expect, it } from 'vitest';
import type { ComponentView } from '../../../cli/client/upkeep-client.js';
import { checkVersionText, componentTable } from '../../../cli/commands/components.js';
import { main } from '../../../cli/main.js';
import { paint } from '../../../cli/output.js';
import { closeScriptedApis, closeScriptedApisAfterEach, scriptedApi } from './scripted-api.js';

const API = '/api/self-update';

const PAYMENTS: ComponentView = {
  name: 'payments', current: '1.3.0', previous: '1.2.0', scheme: 'semver', source: { type: 'npm', package: '@acme/payments', registry: 'https://registry.npmjs.org' },
  available: '1.4.0', latestSeen: '2.0.0', quarantined: ['2.0.0', '1.9.0'], highWaterMark: '1.3.5', updatedAt: '2025-01-31T12:00:00.000Z', rev: 4,
};
const SEARCH: ComponentView = {
  name: 'search', current: '2.1.0', previous: null, scheme: 'auto', source: { type: 'github-release', repository: 'acme/search', api: 'https://api.github.com', includeTags: false },
  available: null, latestSeen: null, quarantined: [], highWaterMark: null, updatedAt: '2025-01-30T08:00:00.000Z', rev: 1,
};

closeScriptedApisAfterEach();
const setup = scriptedApi;

describe('Function: checkVersionText', () => {
  it('accepts version text of every scheme', () => {
    for (const version of ['2.0.0', 'v1.4.0-rc.1', '1.2.3+build.5', '2024.05', '2024-05-01', 'release-2024-05-01', '1.2.3-alpine', 'latest']) {
      expect(() => checkVersionText(version), version).not.toThrow();
    }
  });

  it('refuses text with spaces or control characters, naming what was given and the fix', () => {
    expect(() => checkVersionText('2.0 .0')).toThrow('<version> must be a version as `upkeep components` lists it (such as 2.0.0 or v1.4.0-rc.1), with no spaces or control characters; got "2.0 .0"');
    expect(() => checkVersionText('2.0.0\n')).toThrow('got "2.0.0\\n"');
    expect(() => checkVersionText('2.0.0\u0007')).toThrow(/no spaces or control characters/);
  });
});

describe('Function: componentTable', () => {
  it('shows each component\'s versions, quarantine and source, with a dash for what is not known', () => {
    const lines = componentTable(paint({ env: {} }), [PAYMENTS, SEARCH]);

    expect(lines).toEqual([
      'name      current  available  latest seen  quarantined   high-water  source',
      'payments  1.3.0    1.4.0      2.0.0        2.0.0, 1.9.0  1.3.5       npm @acme/payments at https://registry.npmjs.org',
      'search    2.1.0    —          —            —             —           GitHub releases of acme/search',
    ]);
  });
});

describe('Command: components', () => {
  it('lists components as a table with a count, the same with `list`', async () => {
    // Prepare
    const { io, api } = await setup({ [`GET ${API}/components`]: { status: 200, json: { items: [PAYMENTS, SEARCH] } } });

    // Act
    const code = await main(['components'], io);
    const listed = await main(['components', 'list'], io);

    // Assess
    expect([code, listed]).toEqual([0, 0]);
    expect(io.stdout[0]).toMatch(/^name +current +available +latest seen +quarantined +high-water +source$/);
    expect(io.stdout[1]).toMatch(/^payments +1\.3\.0 +1\.4\.0 +2\.0\.0 +2\.0\.0, 1\.9\.0 +1\.3\.5 +npm @acme\/payments/);
    expect(io.stdout[3]).toBe('2 components, 2 quarantined versions. Release one with: upkeep components release <name> <version>');
    expect(io.stdout.slice(4)).toEqual(io.stdout.slice(0, 4));
    expect(api.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([['GET', `${API}/components`, 'Bearer admin-token'], ['GET', `${API}/components`, 'Bearer admin-token']]);
    expect(io.stderr).toEqual([]);
  });

  it('prints the components as JSON with --json', async () => {
    const { io } = await setup({ [`GET ${API}/components`]: { status: 200, json: { items: [PAYMENTS, SEARCH] } } });

    expect(await main(['components', '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout.join('\n'))).toEqual([PAYMENTS, SEARCH]);
  });

  it('says when no component is registered, and that none is quarantined', async () => {
    const none = await setup({ [`GET ${API}/components`]: { status: 200, json: { items: [] } } });
    expect(await main(['components'], none.io)).toBe(0);
    expect(none.io.stdout).toEqual(['No components are registered.']);
    await closeScriptedApis();

    const one = await setup({ [`GET ${API}/components`]: { status: 200, json: { items: [SEARCH] } } });
    expect(await main(['components'], one.io)).toBe(0);
    expect(one.io.stdout.at(-1)).toBe('1 component, 0 quarantined versions.');
  });

  it('colours quarantined versions on a terminal only', async () => {
    const { io } = await setup({ [`GET ${API}/components`]: { status: 200, json: { items: [PAYMENTS] } } }, true);

    expect(await main(['components'], io)).toBe(0);
    expect(io.stdout[1]).toContain('\u001b[31m2.0.0, 1.9.0\u001b[39m');
  });
});

describe('Command: components release', () => {
  it('releases a quarantined version and says what stays quarantined', async () => {
    // Prepare
    const { io, api } = await setup({ [`POST ${API}/components/payments/release/2.0.0`]: { status: 200, json: { component: { ...PAYMENTS, quarantined: ['1.9.0'] } } } });

    // Act
    const code = await main(['components', 'release', 'payments', '2.0.0'], io);

    // Assess
    expect(code).toBe(0);
    expect(io.stdout).toEqual(['Released payments 2.0.0 from quarantine: detection may propose it again (still quarantined: 1.9.0).']);
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${API}/components/payments/release/2.0.0`]);
  });

  it('prints the component as JSON with --json, and encodes names and versions in the path', async () => {
    const released = { ...PAYMENTS, name: 'a/b', quarantined: [] };
    const { io } = await setup({ [`POST ${API}/components/a%2Fb/release/1.0.0%2Bbuild`]: { status: 200, json: { component: released } } });

    expect(await main(['components', 'release', 'a/b', '1.0.0+build', '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout.join('\n'))).toEqual(released);
  });

  it('says when nothing of the component stays quarantined', async () => {
    const { io } = await setup({ [`POST ${API}/components/search/release/3.0.0`]: { status: 200, json: { component: SEARCH } } });

    expect(await main(['components', 'release', 'search', '3.0.0'], io)).toBe(0);
    expect(io.stdout).toEqual(['Released search 3.0.0 from quarantine: detection may propose it again (nothing of search is quarantined now).']);
  });

  it('gives the API\'s 4xx with exit 2: a version that is not quarantined, a viewer', async () => {
    const { io } = await setup({
      [`POST ${API}/components/payments/release/9.9.9`]: { status: 404, json: { error: 'NotFoundError', message: '9.9.9 of payments is not quarantined (quarantined: 2.0.0, 1.9.0)' } },
      [`POST ${API}/components/payments/release/2.0.0`]: { status: 403, json: { error: 'ForbiddenError', message: 'vic@example.com is a viewer; this route needs the admin role' } },
    });

    expect(await main(['components', 'release', 'payments', '9.9.9', '--json'], io)).toBe(2);
    expect(await main(['components', 'release', 'payments', '2.0.0'], io)).toBe(2);
    expect(io.stderr).toEqual([
      'upkeep components release: NotFoundError (404): 9.9.9 of payments is not quarantined (quarantined: 2.0.0, 1.9.0)',
      'upkeep components release: ForbiddenError (403): vic@example.com is a viewer; this route needs the admin role',
      expect.stringMatching(/^ {2}the token is valid but its person lacks the role/),
    ]);
    expect(JSON.parse(io.stdout.join('\n'))).toMatchObject({ ok: false, status: 404, error: 'NotFoundError' });
  });

  it('fails with exit 1 when the API fails (5xx)', async () => {
    const { io } = await setup({ [`POST ${API}/components/payments/release/2.0.0`]: { status: 500, json: { error: 'InternalError', message: 'the store did not answer' } } });

    expect(await main(['components', 'release', 'payments', '2.0.0'], io)).toBe(1);
    expect(io.stderr).toEqual(['upkeep components release: InternalError (500): the store did not answer']);
  });
});

describe('Command: components (bad usage, before any request)', () => {
  it.each([
    [['components', 'release', 'payments'], 'upkeep components: missing <version>: the command is "upkeep components release <name> <version>"'],
    [['components', 'release'], 'upkeep components: missing <name> <version>: the command is "upkeep components release <name> <version>"'],
    [['components', 'release', 'payments', '2.0.0', '1.9.0'], 'upkeep components: "upkeep components release <name> <version>" takes 2 arguments; got also "1.9.0" (quote a value with spaces)'],
    [['components', 'release', 'payments', '2.0 .0'], 'upkeep components: <version> must be a version as `upkeep components` lists it (such as 2.0.0 or v1.4.0-rc.1), with no spaces or control characters; got "2.0 .0"'],
    [['components', 'release', 'payments', ' '], 'upkeep components: <version> must not be empty (upkeep components release <name> <version>)'],
    [['components', 'relase', 'payments', '2.0.0'], 'upkeep components: unknown components subcommand "relase"; did you mean "release"? (subcommands: list, release)'],
    [['components', 'payments'], 'upkeep components: unknown components subcommand "payments"; use one of: list, release'],
    [['components', '--quarantined'], 'upkeep components: unknown option --quarantined for "upkeep components" (options: --api, --token, --data, --json)'],
    [['components', 'release', 'payments', '2.0.0', '--reason', 'x'], 'upkeep components: unknown option --reason for "upkeep components release" (options: --api, --token, --data, --json)'],
  ])('upkeep %j exits 2 and calls nothing', async (argv, message) => {
    const { io, api } = await setup({});

    expect(await main(argv, io)).toBe(2);
    expect(io.stderr).toEqual([message]);
    expect(api.requests).toEqual([]);
  });

  it('says bad version text is bad input even when nothing is running', async () => {
    const { io } = await setup({});

    expect(await main(['components', 'release', 'payments', '2 0', '--data', '/nonexistent'], { ...io, env: {} })).toBe(2);
  });

  it('prints its help with both forms, the connection flags and the exit codes', async () => {
    const { io } = await setup({});

    expect(await main(['components', 'release', '--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/^Usage: upkeep components \[list\] \[--json\]\n {7}upkeep components release <name> <version> \[--json\]\n[\s\S]*--api URL[\s\S]*Exit codes: 0 ok/);
  });
});
