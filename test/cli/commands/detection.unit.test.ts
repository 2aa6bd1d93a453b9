import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import { closeScriptedApisAfterEach, scriptedApi, type Script } from './scripted-api.js';

const API = '/api/self-update';
const AN_HOUR_AGO = new Date(Date.now() - 3_600_000).toISOString();

closeScriptedApisAfterEach();
const setup = scriptedApi;

/** `GET /status` with detection as given (the command reads nothing else of it). */
function status(detection: Record<string, unknown>): Script {
  return { [`GET ${API}/status`]: { status: 200, json: { running: detection.enabled, detection: { schedules: ['local'], schedule: 'rate(1 hour)', ...detection }, statistics: {} } } };
}

describe('Command: detection status', () => {
  it('says whether scheduled detection runs, its schedule, its last run and who switched it', async () => {
    const { io, api } = await setup(status({ enabled: false, lastRunAt: AN_HOUR_AGO, changedBy: 'ops@example.com', changedAt: AN_HOUR_AGO }));

    expect(await main(['detection'], io)).toBe(0);
    expect(await main(['detection', 'status'], io)).toBe(0);
    expect(io.stdout).toEqual([
      expect.stringMatching(/^Scheduled detection is stopped \(rate\(1 hour\); schedules: local\), last run 1h 00m ago; stopped by ops@example\.com 1h 00m ago\.$/),
      io.stdout[0],
    ]);
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${API}/status`, `GET ${API}/status`]);
  });

  it('says "never" for a detection that has not run, and prints the detection state as JSON', async () => {
    const { io } = await setup(status({ enabled: true }));

    expect(await main(['detection', 'status'], io)).toBe(0);
    expect(await main(['detection', '--json'], io)).toBe(0);
    expect(io.stdout[0]).toBe('Scheduled detection is running (rate(1 hour); schedules: local), last run never.');
    expect(JSON.parse(io.stdout.slice(1).join('\n'))).toEqual({ enabled: true, schedules: ['local'], schedule: 'rate(1 hour)' });
  });

  it('colours the state on a terminal only', async () => {
    const { io } = await setup(status({ enabled: true }), true);

    expect(await main(['detection'], io)).toBe(0);
    expect(io.stdout[0]).toContain('\u001b[32mrunning\u001b[39m');
  });
});

describe('Command: detection on|off', () => {
  it('stops and starts detection through POST /stop and /start, saying what changed', async () => {
    // Prepare
    const { io, api } = await setup({
      [`POST ${API}/stop`]: { status: 200, json: { enabled: false, schedules: ['upkeep-detect-0', 'upkeep-detect-1'], changed: true, changedBy: 'ops@example.com', changedAt: AN_HOUR_AGO } },
      [`POST ${API}/start`]: { status: 200, json: { enabled: true, schedules: ['local'], changed: false, changedBy: 'ops@example.com', changedAt: AN_HOUR_AGO } },
    });

    // Act
    const codes = [await main(['detection', 'off'], io), await main(['detection', 'on'], io), await main(['detection', 'stop'], io), await main(['detection', 'start'], io)];

    // Assess
    expect(codes).toEqual([0, 0, 0, 0]);
    expect(io.stdout).toEqual([
      'Scheduled detection is now stopped (was running; schedules: upkeep-detect-0, upkeep-detect-1).',
      'Scheduled detection was already running; nothing changed; started by ops@example.com 1h 00m ago.',
      'Scheduled detection is now stopped (was running; schedules: upkeep-detect-0, upkeep-detect-1).',
      'Scheduled detection was already running; nothing changed; started by ops@example.com 1h 00m ago.',
    ]);
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${API}/stop`, `POST ${API}/start`, `POST ${API}/stop`, `POST ${API}/start`]);
  });

  it('prints the resulting state as JSON with --json', async () => {
    const answer = { enabled: false, schedules: ['local'], changed: false };
    const { io } = await setup({ [`POST ${API}/stop`]: { status: 200, json: answer } });

    expect(await main(['detection', 'off', '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout.join('\n'))).toEqual(answer);
  });

  it('gives a missing role (403) exit 2 with the hint, and an API failure (5xx) exit 1', async () => {
    const { io } = await setup({
      [`POST ${API}/stop`]: { status: 403, json: { error: 'ForbiddenError', message: 'ana@example.com is an approver; this route needs the admin role' } },
      [`POST ${API}/start`]: { status: 503, json: { error: 'ServiceUnavailable', message: 'the scheduler did not answer' } },
    });

    expect(await main(['detection', 'off'], io)).toBe(2);
    expect(await main(['detection', 'on'], io)).toBe(1);
    expect(io.stderr).toEqual([
      'upkeep detection off: ForbiddenError (403): ana@example.com is an approver; this route needs the admin role',
      expect.stringMatching(/^ {2}the token is valid but its person lacks the role/),
      'upkeep detection on: ServiceUnavailable (503): the scheduler did not answer',
    ]);
  });
});

describe('Command: detection (bad usage, before any request)', () => {
  it.each([
    [['detection', 'pause'], 'upkeep detection: unknown detection subcommand "pause"; use one of: status, on, off'],
    [['detection', 'onn'], 'upkeep detection: unknown detection subcommand "onn"; did you mean "on"? (subcommands: status, on, off)'],
    [['detection', 'off', '--force'], 'upkeep detection: unknown option --force for "upkeep detection off" (options: --api, --token, --data, --json)'],
    [['detection', '--api'], expect.stringMatching(/^upkeep detection: Option '--api <value>' argument missing/) as string],
  ])('upkeep %j exits 2 and calls nothing', async (argv, message) => {
    const { io, api } = await setup({});

    expect(await main(argv, io)).toBe(2);
    expect(io.stderr).toEqual([message]);
    expect(api.requests).toEqual([]);
  });

  it('refuses an argument after on, off or status', async () => {
    const { io, api } = await setup({});

    for (const sub of ['on', 'off', 'status']) expect(await main(['detection', sub, 'now'], io)).toBe(2);
    expect(io.stderr).toHaveLength(3);
    expect(io.stderr[0]).toMatch(/"upkeep detection on" takes no arguments besides its options; remove "now"/);
    expect(api.requests).toEqual([]);
  });

  it('prints its help with every form, the connection flags and the exit codes', async () => {
    const { io } = await setup({});

    expect(await main(['detection', 'off', '--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/^Usage: upkeep detection \[status\] \[--json\]\n {7}upkeep detection on \[--json\] +\(or: start\)\n {7}upkeep detection off [\s\S]*--api URL[\s\S]*Exit codes: 0 ok/);
  });
});
