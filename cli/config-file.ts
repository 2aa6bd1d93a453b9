import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { UsageError } from './io.js';

/** A config file's text, and the name to show for it (relative to the cwd when inside it). */
export interface ConfigFile {
  readonly text: string;
  readonly name: string;
}

/** Reads `path` (relative to `cwd`); a missing or unreadable file is a usage error, not a crash. */
export async function readConfigFile(path: string, cwd: string): Promise<ConfigFile> {
  const full = isAbsolute(path) ? path : join(cwd, path);
  const shown = relative(cwd, full);
  const name = shown === '' || shown.startsWith('..') ? full : shown;
  try {
    return { text: await readFile(full, 'utf8'), name };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UsageError(`${name} not found; pass --config FILE, or start from examples/upkeep.yaml`);
    }
    if (code === 'EISDIR') throw new UsageError(`${name} is a directory; pass the YAML file itself with --config FILE`);
    throw new UsageError(`cannot read ${name}: ${(error as Error).message}`);
  }
}

/**
 * Reads and validates the config a command will run with; prints every problem to stderr and
 * returns undefined when there are any (the command then exits 2 and starts nothing).
 */
export async function validConfigPath(path: string, io: { readonly cwd: string; readonly err: (line: string) => void }): Promise<string | undefined> {
  const { parseConfig } = await import('../functions/core/config/parse.js');
  const { formatProblem } = await import('./describe.js');
  const file = await readConfigFile(path, io.cwd);
  const parsed = parseConfig(file.text, file.name);
  if (!parsed.ok) {
    io.err(`${file.name}: ${parsed.problems.length} problem(s); fix them and run again`);
    for (const problem of parsed.problems) io.err(`  ${formatProblem(problem, file.name)}`);
    return undefined;
  }
  return isAbsolute(file.name) ? file.name : join(io.cwd, file.name);
}
