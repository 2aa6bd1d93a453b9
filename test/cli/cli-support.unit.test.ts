import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportFailure } from '../../cli/api-command.js';
import { parseCommand } from '../../cli/args.js';
import { UpkeepApiError, UpkeepConnectionError } from '../../cli/client/upkeep-client.js';
import { NotRunningError, connect } from '../../cli/connection.js';
import { main } from '../../cli/main.js';
import type { CliIo } from '../../cli/io.js';
import { duration, paint, percent, table, withProgress } from '../../cli/output.js';
import { sinceInstant } from '../../cli/commands/workflows.js';

function terminal(extra: Partial<CliIo> = {}): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd: mkdtempSync(join(tmpdir(), 'upkeep-cli-')), stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), env: {}, ...extra };
}

describe('Function: parseCommand', () => {
  it('returns the flags and exactly the named arguments, in any order', () => {
    const { values, args } = parseCommand('approve', ['--reason', 'ok', 'wf-1'], ['id'], { reason: { type: 'string' } });

    expect(args).toEqual({ id: 'wf-1' });
    expect(values.reason).toBe('ok');
  });

  it('refuses a missing, an extra and an empty argument, showing the command\'s shape', () => {
    const parse = (argv: string[]) => () => parseCommand('register', argv, ['component', 'version'], {});

    expect(parse(['api'])).toThrow('missing <version>: the command is "upkeep register <component> <version>"');
    expect(parse(['api', '1.0.0', '2.0.0'])).toThrow('"upkeep register <component> <version>" takes 2 arguments; got also "2.0.0" (quote a value with spaces)');
    expect(parse(['api', ' '])).toThrow('<version> must not be empty');
  });

  it('refuses an unknown flag suggesting the closest, as parseFlags does', () => {
    expect(() => parseCommand('approve', ['wf-1', '--reasn', 'x'], ['id'], { reason: { type: 'string' } })).toThrow('unknown option --reasn for "upkeep approve"; did you mean --reason? (options: --reason)');
    expect(() => parseCommand('approve', ['wf-1', '--reason'], ['id'], { reason: { type: 'string' } })).toThrow(/argument missing \(upkeep approve <id>\)$/);
  });
});

describe('Function: connect', () => {
  it('explains that nothing runs on a data directory without server.json, or whose process ended', async () => {
    const io = terminal();
    writeFileSync(join(io.cwd, 'server.json'), JSON.stringify({ url: 'http://127.0.0.1:1', pid: 2 ** 22 + 12345 }));

    await expect(connect({ data: 'elsewhere' }, io)).rejects.toThrow(/^no Upkeep running at .*elsewhere \(no server\.json\); start it with `upkeep start`/);
    await expect(connect({ data: '.' }, io)).rejects.toThrow(/its process \d+ has ended/);
    await expect(connect({ data: '.' }, io)).rejects.toBeInstanceOf(NotRunningError);
  });

  it('talks to the running local instance with its api-token, or the --token given', async () => {
    const io = terminal();
    writeFileSync(join(io.cwd, 'server.json'), JSON.stringify({ url: 'http://127.0.0.1:8787', pid: process.pid }));
    writeFileSync(join(io.cwd, 'api-token'), 'local-token\n');

    expect((await connect({ data: io.cwd }, io)).baseUrl).toBe('http://127.0.0.1:8787');
    expect((await connect({}, { ...io, env: { UPKEEP_DATA_DIR: io.cwd } })).baseUrl).toBe('http://127.0.0.1:8787');
  });

  it('uses --api or UPKEEP_API with a token, and refuses one without a token or with a bad URL', async () => {
    const io = terminal({ env: { UPKEEP_API: 'https://api.example.test/prod', UPKEEP_API_TOKEN: 'jwt' } });

    expect((await connect({}, io)).baseUrl).toBe('https://api.example.test/prod');
    expect((await connect({ api: 'https://other.example.test' }, io)).baseUrl).toBe('https://other.example.test');
    await expect(connect({ api: 'https://api.example.test' }, terminal())).rejects.toThrow(/needs a token: pass --token T or set UPKEEP_API_TOKEN/);
    await expect(connect({ api: 'not a url', token: 't' }, terminal())).rejects.toThrow(/^--api: baseUrl must be an absolute http\(s\) URL/);
  });
});

describe('Function: reportFailure', () => {
  it('gives 2 for a 4xx (the caller\'s fault) and 1 for a 5xx, no answer or nothing running', () => {
    const io = terminal();
    const api = (status: number, error: string) => new UpkeepApiError(status, { error, message: `m${status}` }, 'GET /x');

    expect([401, 403, 404, 409, 400].map((s) => reportFailure('x', api(s, 'E'), io, false))).toEqual([2, 2, 2, 2, 2]);
    expect(reportFailure('x', api(500, 'InternalError'), io, false)).toBe(1);
    expect(reportFailure('x', new UpkeepConnectionError('http://h', 'cannot reach'), io, false)).toBe(1);
    expect(reportFailure('x', new NotRunningError('no Upkeep running'), io, false)).toBe(1);
    expect(reportFailure('x', new Error('other'), io, false)).toBeUndefined();
  });

  it('prints each problem, a hint for 401, and with --json the error on stdout', () => {
    const io = terminal();
    const problems = [{ path: 'priority', value: '5000', message: 'must be at most 1000' }];

    reportFailure('policies set', new UpkeepApiError(400, { error: 'ValidationError', message: 'bad policy', problems }, 'PUT /p'), io, true);
    reportFailure('status', new UpkeepApiError(401, { error: 'Unauthorized', message: 'send a token' }, 'GET /s'), io, false);

    expect(io.stderr).toEqual([
      'upkeep policies set: ValidationError (400): bad policy',
      '  priority: must be at most 1000 (got 5000)',
      'upkeep status: Unauthorized (401): send a token',
      expect.stringMatching(/^ {2}check the token: --token T or UPKEEP_API_TOKEN/),
    ]);
    expect(JSON.parse(io.stdout.join('\n'))).toEqual({ ok: false, status: 400, error: 'ValidationError', message: 'bad policy', problems });
  });
});

describe('Function: paint', () => {
  it('colours only on a terminal, never with NO_COLOR, always with FORCE_COLOR', () => {
    expect(paint({ tty: { out: true, err: false }, env: {} }).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(paint({ tty: { out: true, err: false }, env: { NO_COLOR: '1' } }).red('x')).toBe('x');
    expect(paint({ tty: { out: false, err: false }, env: {} }).red('x')).toBe('x');
    expect(paint({ tty: { out: true, err: false }, env: {} }, 'err').red('x')).toBe('x');
    expect(paint({ env: { FORCE_COLOR: '1' } }).bold('x')).toBe('\u001b[1mx\u001b[22m');
  });
});

describe('Function: table, duration, percent, sinceInstant', () => {
  it('aligns columns by visible width, ignoring colour codes', () => {
    const p = paint({ env: { FORCE_COLOR: '1' } });
    const plain = paint({ env: {} });

    expect(table(plain, ['a', 'bb'], [['ccc', 'd'], ['e', 'f']])).toEqual(['a    bb', 'ccc  d', 'e    f']);
    expect(table(p, ['a', 'b'], [[p.red('xx'), 'y']])[1]).toBe(`${p.red('xx')}  y`);
  });

  it('reads durations and rates for a person', () => {
    expect([duration(5), duration(185), duration(7800), duration(3 * 86_400 + 4 * 3600), duration(null)]).toEqual(['5s', '3m 05s', '2h 10m', '3d 4h', '—']);
    expect([percent(0.5), percent(2 / 3), percent(null)]).toEqual(['50%', '66.7%', '—']);
  });

  it('turns --since 2h into the instant two hours back, keeps an instant, and refuses anything else', () => {
    const now = new Date('2025-01-31T12:00:00.000Z');

    expect(sinceInstant('since', '2h', now)).toBe('2025-01-31T10:00:00.000Z');
    expect(sinceInstant('since', '2025-01-01T00:00:00Z', now)).toBe('2025-01-01T00:00:00Z');
    expect(sinceInstant('since', undefined, now)).toBeUndefined();
    expect(() => sinceInstant('until', 'yesterday', now)).toThrow('--until must be an ISO instant (2025-01-31T12:00:00Z) or a duration back from now (30m, 2h, 7d), got "yesterday"');
  });
});

describe('Function: withProgress', () => {
  it('shows a spinner on a terminal\'s stderr while work takes time, then clears its line', async () => {
    const written: string[] = [];

    const result = await withProgress({ tty: { out: false, err: true }, env: {}, errRaw: (t) => written.push(t) }, 'exporting', () => new Promise((r) => setTimeout(() => r(42), 300)));

    expect(result).toBe(42);
    expect(written.some((w) => w.includes('exporting…'))).toBe(true);
    expect(written.at(-1)).toBe('\r\u001b[2K');
  });

  it('writes nothing when stderr is not a terminal', async () => {
    const written: string[] = [];

    await withProgress({ tty: { out: true, err: false }, env: {}, errRaw: (t) => written.push(t) }, 'x', () => new Promise((r) => setTimeout(r, 200)));

    expect(written).toEqual([]);
  });
});

describe('Command: API commands (bad usage, before any request)', () => {
  it.each([
    [['approve'], /missing <id>/],
    [['workflows', '--limit', '0'], /--limit must be a whole number from 1 to 10000, got "0"/],
    [['cancel', 'wf-1', '--reason', 'x', '--data', '/nonexistent'], /no Upkeep running/],
    [['cancel', 'wf-1'], /--reason R is required/],
    [['policies', 'set', 'p'], /--file FILE is required/],
    [['policies', 'frob'], /unknown policies subcommand "frob"/],
    [['register', 'api'], /missing <version>/],
    [['status', '--api', 'https://x.example.test'], /needs a token/],
  ])('upkeep %j fails before calling anything', async (argv, message) => {
    const io = terminal();

    const code = await main(argv, io);

    expect(code).toBe(argv.includes('/nonexistent') ? 1 : 2);
    expect(io.stderr.join('\n')).toMatch(message);
  });

  it('prints each command\'s help with the connection flags and exit codes', async () => {
    for (const name of ['status', 'detection', 'components', 'workflows', 'workflow', 'approvals', 'approve', 'reject', 'cancel', 'propose', 'register', 'policies', 'export-state', 'import-state']) {
      const io = terminal();
      expect(await main([name, '--help'], io)).toBe(0);
      expect(io.stdout.join('\n')).toMatch(new RegExp(`^Usage: upkeep ${name}[\\s\\S]*--api URL[\\s\\S]*--json[\\s\\S]*Exit codes: 0 ok`));
    }
  });
});
