import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { apiCommand } from '../api-command.js';
import { EXIT, UsageError } from '../io.js';

function counts(doc: { readonly [key: string]: unknown }): Record<string, number> {
  return Object.fromEntries(['components', 'versions', 'policies', 'workflows', 'events'].map((k) => [k, Array.isArray(doc[k]) ? doc[k].length : 0]));
}

const summary = (c: Record<string, number>): string => Object.entries(c).map(([k, n]) => `${n} ${k}`).join(', ');

/** `upkeep export-state [--out FILE]`: the complete, re-importable snapshot. */
export const exportStateCommand = apiCommand({
  name: 'export-state',
  summary: 'write a complete, re-importable JSON snapshot of the state',
  usage: [
    'Usage: upkeep export-state [--out FILE] [--json]',
    '',
    'Prints the snapshot (components, seen versions, policies, workflows, audit events) as JSON,',
    'or writes it to FILE. The same state always gives the same document; import it into an',
    'empty instance with `upkeep import-state FILE`.',
  ],
  flagsUsage: ['  --out FILE     write the snapshot to FILE instead of stdout'],
  positionals: [],
  options: { out: { type: 'string' } },
  async run({ client, values, json, printJson, io, progress }) {
    const snapshot = await progress('exporting state', () => client.exportState());
    const text = `${JSON.stringify(snapshot, null, 2)}\n`;
    if (values.out === undefined) {
      io.out(text.trimEnd());
      return EXIT.ok;
    }
    const file = isAbsolute(values.out) ? values.out : join(io.cwd, values.out);
    try {
      await writeFile(file, text);
    } catch (error) {
      throw new UsageError(`cannot write ${values.out}: ${(error as Error).message}`);
    }
    const c = counts(snapshot as unknown as Record<string, unknown>);
    if (json) printJson({ file, bytes: Buffer.byteLength(text), ...c });
    else io.out(`Wrote ${values.out}: ${summary(c)}.`);
    return EXIT.ok;
  },
});

/** `upkeep import-state <file>`: into an empty instance. */
export const importStateCommand = apiCommand({
  name: 'import-state',
  summary: 'import a snapshot from export-state into an empty instance (admins)',
  usage: [
    'Usage: upkeep import-state <file> [--json]',
    '',
    'Imports a snapshot written by `upkeep export-state` into an instance that has done nothing',
    'yet (no workflows, no seen versions, no audit events); anything else is refused (409).',
  ],
  positionals: ['file'],
  options: {},
  async run({ client, args, json, printJson, io, progress }) {
    const file = isAbsolute(args.file) ? args.file : join(io.cwd, args.file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'ENOENT' ? `${args.file} not found` : `cannot read ${args.file}: ${(error as Error).message}`);
    }
    let snapshot: unknown;
    try {
      snapshot = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${args.file} is not JSON (${(error as Error).message}); pass a file written by \`upkeep export-state --out FILE\``);
    }
    if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot)) {
      throw new UsageError(`${args.file} holds ${Array.isArray(snapshot) ? 'an array' : String(snapshot)}, not a snapshot object; pass a file written by \`upkeep export-state --out FILE\``);
    }
    const report = await progress('importing state', () => client.importState(snapshot));
    if (json) printJson({ imported: report });
    else io.out(`Imported ${summary({ ...report })} from ${args.file}.`);
    return EXIT.ok;
  },
});
