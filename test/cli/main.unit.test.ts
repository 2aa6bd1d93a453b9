import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import type { CliIo } from '../../cli/io.js';

const GOOD = 'version: 1\ncomponents:\n  - name: api\n    current: "1.0.0"\n    source: { type: git, url: https://git.example.com/api.git, tagPattern: "^v(.*)$" }\n';

/** An in-memory terminal in a fresh directory. */
function terminal(files: Record<string, string> = {}): CliIo & { stdout: string[]; stderr: string[] } {
  const cwd = mkdtempSync(join(tmpdir(), 'upkeep-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

describe('Function: main', () => {
  it('prints help with --help and exits 0', async () => {
    const io = terminal();

    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/Usage: upkeep <command>[\s\S]*validate +check upkeep\.yaml[\s\S]*approve +approve a workflow/);
  });

  it('prints help to stderr and exits 2 with no command', async () => {
    const io = terminal();

    expect(await main([], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain('Usage: upkeep <command>');
  });

  it('refuses an unknown command with no close match', async () => {
    const io = terminal();

    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.stderr).toEqual([
      'upkeep: unknown command "frobnicate"',
      'Commands: start, check, validate, status, detection, components, workflows, workflow, approvals, approve, reject, cancel, propose, register, policies, export-state, import-state. Run "upkeep --help" for more.',
    ]);
  });

  it('does not treat inherited names as commands', async () => {
    expect(await main(['toString'], terminal())).toBe(2);
  });

  it('prints a command\'s help', async () => {
    const io = terminal();

    expect(await main(['validate', '-h'], io)).toBe(0);
    expect(io.stdout[0]).toMatch(/^Usage: upkeep validate \[--config FILE\] \[--json\]\n/);
  });

  it('refuses an unknown flag, suggesting the closest', async () => {
    const io = terminal();

    expect(await main(['validate', '--confg', 'x.yaml'], io)).toBe(2);
    expect(io.stderr).toEqual(['upkeep validate: unknown option --confg for "upkeep validate"; did you mean --config? (options: --config, --json)']);
  });

  it('refuses an unknown flag with no close match, a stray argument and a missing value', async () => {
    const io = terminal();

    expect(await main(['validate', '--verbose-output'], io)).toBe(2);
    expect(await main(['validate', 'upkeep.yaml'], io)).toBe(2);
    expect(await main(['validate', '--config'], io)).toBe(2);
    expect(io.stderr).toEqual([
      'upkeep validate: unknown option --verbose-output for "upkeep validate" (options: --config, --json)',
      'upkeep validate: "upkeep validate" takes no arguments besides its options (--config, --json); got upkeep.yaml',
      expect.stringMatching(/^upkeep validate: Option '--config <value>' argument missing \(upkeep validate\)$/),
    ]);
  });
});

describe('Function: main (unexpected failures)', () => {
  it('turns an unexpected error into one line and exit 1', async () => {
    const io = terminal({ 'upkeep.yaml': GOOD });
    const broken = { ...io, out: () => { throw new Error('write EPIPE'); } };

    expect(await main(['validate'], broken)).toBe(1);
    expect(io.stderr).toEqual(['upkeep validate: failed: write EPIPE']);
  });

  it('copes with something thrown that is not an Error', async () => {
    const io = terminal({ 'upkeep.yaml': GOOD });
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the case under test
    const broken = { ...io, out: () => { throw 'closed'; } };

    expect(await main(['validate'], broken)).toBe(1);
    expect(io.stderr).toEqual(['upkeep validate: failed: closed']);
  });
});

describe('Command: validate', () => {
  it('reads upkeep.yaml in the working directory by default', async () => {
    const io = terminal({ 'upkeep.yaml': GOOD });

    expect(await main(['validate'], io)).toBe(0);
    expect(io.stdout).toEqual([
      'upkeep.yaml is valid',
      '  components  1: api',
      '  policies    0 of your own, plus the shipped defaults',
      '  windows     0',
      '  freezes     0',
      '  approvers   0',
      '  detection   rate(1 hour)',
    ]);
  });

  it('says when the shipped default policies are off', async () => {
    const io = terminal({ 'upkeep.yaml': `${GOOD}includeDefaultPolicies: false\n` });

    expect(await main(['validate'], io)).toBe(0);
    expect(io.stdout).toContain('  policies    0 of your own (shipped defaults off)');
  });

  it('prints a summary as JSON', async () => {
    const io = terminal({ 'upkeep.yaml': GOOD });

    expect(await main(['validate', '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout.join('\n'))).toEqual({
      ok: true,
      file: 'upkeep.yaml',
      summary: { components: [{ name: 'api', current: '1.0.0', source: 'git' }], policies: { own: [], includeDefaults: true }, windows: [], freezes: [], approvers: 0, detection: 'rate(1 hour)' },
    });
  });

  it('lists problems as "path: message (got value)", leaving out "got" where nothing was written', async () => {
    const io = terminal({ 'bad.yaml': 'components: []\n' });

    expect(await main(['validate', '--config', 'bad.yaml'], io)).toBe(2);
    expect(io.stderr).toEqual([
      'bad.yaml: 2 problems',
      '  version: `version` is required; set it to 1  [bad.yaml:1:1]',
      '  components: `components` must list at least one component (got [])  [bad.yaml:1:13]',
    ]);
  });

  it('counts a single problem in the singular', async () => {
    const io = terminal({ 'bad.yaml': 'version: 1\ncomponents: []\n' });

    expect(await main(['validate', '--config', 'bad.yaml'], io)).toBe(2);
    expect(io.stderr[0]).toBe('bad.yaml: 1 problem');
  });

  it('explains a missing file, a directory and an unreadable path', async () => {
    const io = terminal();
    mkdirSync(join(io.cwd, 'dir'));

    expect(await main(['validate'], io)).toBe(2);
    expect(await main(['validate', '--config', 'dir'], io)).toBe(2);
    expect(await main(['validate', '--config', join(io.cwd, 'upkeep.yaml', 'x')], io)).toBe(2);
    expect(io.stderr).toEqual([
      'upkeep validate: upkeep.yaml not found; pass --config FILE, or start from examples/upkeep.yaml',
      'upkeep validate: dir is a directory; pass the YAML file itself with --config FILE',
      expect.stringMatching(/^upkeep validate: .*upkeep\.yaml\/x not found/),
    ]);
  });

  it('shows an absolute path outside the working directory as given', async () => {
    const elsewhere = terminal({ 'upkeep.yaml': GOOD });
    const io = terminal();

    expect(await main(['validate', '--config', join(elsewhere.cwd, 'upkeep.yaml')], io)).toBe(0);
    expect(io.stdout[0]).toBe(`${join(elsewhere.cwd, 'upkeep.yaml')} is valid`);
  });
});

describe('Command: start', () => {
  it('refuses an invalid config with exit 2 and lists its problems, before starting anything', async () => {
    const io = terminal({ 'upkeep.yaml': 'version: 3\n' });

    expect(await main(['start'], io)).toBe(2);
    expect(io.stderr[0]).toBe('upkeep.yaml: 2 problem(s); fix them and run again');
    expect(io.stdout).toEqual([]);
  });

  it('refuses --demo with --config, a missing config and a bad port with exit 2', async () => {
    const io = terminal();

    expect(await main(['start', '--demo', '--config', 'upkeep.yaml'], io)).toBe(2);
    expect(io.stderr.at(-1)).toBe('upkeep start: use either --demo or --config FILE, not both');
    expect(await main(['start'], io)).toBe(2);
    expect(io.stderr.at(-1)).toMatch(/upkeep\.yaml not found; pass --config FILE/);
    expect(await main(['start', '--port', '70000'], io)).toBe(2);
    expect(io.stderr.at(-1)).toBe('upkeep start: --port must be a number from 0 to 65535, got "70000"');
  });
});
