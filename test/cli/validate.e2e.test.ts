import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** Runs `node bin/upkeep.mjs ...args` as a user would, from the repository root. */
async function upkeep(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/upkeep.mjs', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('CLI: upkeep validate (real process)', () => {
  it('accepts the bundled example and summarises it', async () => {
    // Act
    const result = await upkeep('validate', '--config', 'examples/upkeep.yaml');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('examples/upkeep.yaml is valid');
    expect(result.stdout).toMatch(/components {2}5: billing-api, storefront, report-worker, payments-sdk, ledger-client/);
    expect(result.stderr).toBe('');
  });

  it('names all three mistakes of a bad file and exits 2, without a stack trace', async () => {
    const result = await upkeep('validate', '--config', 'test/fixtures/config/three-mistakes.yaml');

    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('  '))).toEqual([
      expect.stringMatching(/^ {2}components\[0\]\.source\.registy: .*did you mean `registry`\? \(got "https:\/\/npm\.acme\.internal"\)/),
      expect.stringMatching(/^ {2}components\[1\]\.source\.type: `type` must be one of the known kinds: npm, git, .* \(got "svn"\)/),
      expect.stringMatching(/^ {2}windows\[0\]\.timezone: .*did you mean "Europe\/Berlin"\? \(got "Europe\/Berlinn"\)/),
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints machine-readable problems with --json', async () => {
    const result = await upkeep('validate', '--config', 'test/fixtures/config/three-mistakes.yaml', '--json');

    expect(result.code).toBe(2);
    const parsed = JSON.parse(result.stdout) as { ok: boolean; problems: { path: string; line: number }[] };
    expect(parsed.ok).toBe(false);
    expect(parsed.problems.map((p) => [p.path, p.line])).toEqual([['components[0].source.registy', 9], ['components[1].source.type', 13], ['windows[0].timezone', 20]]);
  });

  it('exits 2 with a clear line for an unknown command', async () => {
    const result = await upkeep('vaildate');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('upkeep: unknown command "vaildate"; did you mean "validate"?');
  });
});
