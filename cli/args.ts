import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../functions/core/config/closest.js';
import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options, P extends boolean> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: P }>>;

/** Node's parse errors as messages a person can act on: the command, the closest known flag. */
function usageError(command: string, options: Options, error: unknown, positionals: string): UsageError {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message;
  const flag = /'(-{1,2}[^']+)'/.exec(message)?.[1] ?? '';
  const known = Object.keys(options).map((name) => `--${name}`);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const guess = closest(flag, known);
    return new UsageError(`unknown option ${flag} for "upkeep ${command}"${guess === undefined ? '' : `; did you mean ${guess}?`} (options: ${known.join(', ')})`);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return new UsageError(`"upkeep ${command}" takes no arguments besides its options (${known.join(', ')}); got ${message.match(/'([^']+)'/)?.[1] ?? 'an extra argument'}`);
  }
  return new UsageError(`${message.split('. ')[0] ?? message} (upkeep ${command}${positionals ? ` ${positionals}` : ''})`);
}

/**
 * `node:util` parseArgs with messages a person can act on: an unknown flag names the command
 * and the closest known flag, instead of Node's advice about positional arguments.
 */
export function parseFlags<O extends Options>(command: string, args: readonly string[], options: O): Parsed<O, false> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
  } catch (error) {
    throw usageError(command, options, error, '');
  }
}

/**
 * Like {@link parseFlags}, for commands that take exactly the positional arguments `names`
 * (`['id']` for `upkeep approve <id>`): a missing or an extra one is a usage error that shows
 * the command's shape. Returns the flags and the arguments by name.
 *
 * @example
 * ```ts
 * const { values, args } = parseCommand('approve', argv, ['id'], { reason: { type: 'string' } });
 * args.id; // '4f0c…'
 * ```
 */
export function parseCommand<O extends Options, N extends string>(
  command: string, argv: readonly string[], names: readonly N[], options: O,
): { values: Parsed<O, true>['values']; args: Record<N, string> } {
  const shape = names.map((n) => `<${n}>`).join(' ');
  let parsed: Parsed<O, true>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw usageError(command, options, error, shape);
  }
  const given = parsed.positionals;
  if (given.length < names.length) {
    const missing = names.slice(given.length).map((n) => `<${n}>`).join(' ');
    throw new UsageError(`missing ${missing}: the command is "upkeep ${command} ${shape}"`);
  }
  if (given.length > names.length) {
    const extra = given.slice(names.length).map((g) => `"${g}"`).join(', ');
    const usage = `upkeep ${command}${shape === '' ? '' : ` ${shape}`}`;
    throw new UsageError(names.length === 0
      ? `"${usage}" takes no arguments besides its options; remove ${extra}`
      : `"${usage}" takes ${names.length} argument${names.length === 1 ? '' : 's'}; got also ${extra} (quote a value with spaces)`);
  }
  const args = Object.fromEntries(names.map((n, i) => [n, given[i] as string])) as Record<N, string>;
  for (const [name, value] of Object.entries<string>(args)) {
    if (value.trim() === '') throw new UsageError(`<${name}> must not be empty (upkeep ${command} ${shape})`);
  }
  return { values: parsed.values, args };
}
