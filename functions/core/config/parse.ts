import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { ValidationError } from '../errors.js';
import { configErrorMap } from './messages.js';
import { describeIssues, type ConfigProblem } from './problems.js';
import { UpkeepConfigSchema, type UpkeepConfig } from './schema.js';
import { yamlView } from './yaml-view.js';

/** The outcome of reading `upkeep.yaml`: the config, or every problem found. */
export type ParseConfigResult =
  | { readonly ok: true; readonly config: UpkeepConfig }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** Fixes for the YAML mistakes people make most, by the `yaml` package's error code. */
const YAML_FIXES: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs',
  BAD_INDENT: 'line the key up with its siblings (nested keys need more spaces than their parent) and close any "[" or "{"',
  DUPLICATE_KEY: 'remove or rename one of the two',
  MULTIPLE_DOCS: 'keep one document: remove the extra "---"',
  MISSING_CHAR: 'look for an unclosed quote or bracket, or a missing ":"',
  MULTILINE_IMPLICIT_KEY: 'look for a missing ":" after a key, or quote a value that contains ": "',
  BLOCK_AS_IMPLICIT_KEY: 'look for a missing ":" after a key on the line before',
  BAD_ALIAS: 'define the anchor (&name) before using the alias (*name)',
};

function yamlProblem(error: YAMLError, text: string, fileName: string, lines: LineCounter): ConfigProblem {
  const { line, col } = lines.linePos(error.pos[0]);
  // The yaml package appends a code frame and, for some codes, advice about its own API.
  const headline = (error.message.split(/ at line \d+, column \d+/)[0] as string).replace(/; please use .*$/, '').trim();
  const fix = YAML_FIXES[error.code] ?? 'fix the YAML syntax here';
  return {
    path: `${fileName}:${line}:${col}`,
    value: text.split(/\r?\n/).slice(line - 1, line).join('').trim().slice(0, 60),
    message: `YAML syntax error: ${headline}; ${fix}`,
    line,
    column: col,
  };
}

/** Problems top to bottom, as a person reads the file; ones with no place last. */
function inFileOrder(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const key = (p: ConfigProblem): number => (p.line ?? Number.MAX_SAFE_INTEGER) * 10_000 + (p.column ?? 0);
  return [...problems].sort((a, b) => key(a) - key(b));
}

/**
 * Reads and validates `upkeep.yaml` text. Pure: no file access, never throws for bad input;
 * every problem comes back with its path, the value found and the fix.
 *
 * @example
 * ```ts
 * const result = parseConfig(text, 'upkeep.yaml');
 * if (!result.ok) for (const p of result.problems) console.error(`${p.path}: ${p.message}`);
 * ```
 */
export function parseConfig(text: string, fileName: string): ParseConfigResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) return { ok: false, problems: doc.errors.map((e) => yamlProblem(e, text, fileName, lines)) };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Only aliases throw here: an unknown anchor, or the "billion laughs" guard.
    const message = (error as Error).message;
    const fix = /excessive/i.test(message) ? 'use fewer aliases (*name)' : 'define the anchor (&name) before the alias (*name) that uses it';
    return { ok: false, problems: [{ path: fileName, value: '', message: `YAML error: ${message}; ${fix}` }] };
  }
  if (data === null || data === undefined) {
    return { ok: false, problems: [{ path: '(top level)', value: '', message: 'The file is empty; start it with "version: 1" and a "components:" list (see examples/upkeep.yaml)' }] };
  }

  const result = UpkeepConfigSchema.safeParse(data, { error: configErrorMap });
  if (result.success) return { ok: true, config: result.data };
  const problems = describeIssues(result.error.issues, UpkeepConfigSchema, yamlView(doc, text, lines, data));
  return { ok: false, problems: inFileOrder(problems) };
}

/**
 * {@link parseConfig} for callers that want the config or an exception: throws a
 * `ValidationError` carrying every problem.
 */
export function requireConfig(text: string, fileName: string): UpkeepConfig {
  const result = parseConfig(text, fileName);
  if (result.ok) return result.config;
  const lines = result.problems.map((p) => `  ${p.path}: ${p.message}${p.value === '' ? '' : ` (got ${p.value})`}`);
  throw new ValidationError(`${fileName} has ${result.problems.length} problem(s):\n${lines.join('\n')}`, result.problems);
}
