import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../functions/core/config/closest.js';
import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs with messages a person can act on: an unknown flag names the command
 * and the closest known flag, instead of Node's advice about positional arguments.
 */
export function parseFlags<O extends Options>(command: string, args: readonly string[], options: O): ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: false }>> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message;
    const flag = /'(-{1,2}[^']+)'/.exec(message)?.[1] ?? '';
    const known = Object.keys(options).map((name) => `--${name}`);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const guess = closest(flag, known);
      throw new UsageError(`unknown option ${flag} for "upkeep ${command}"${guess === undefined ? '' : `; did you mean ${guess}?`} (options: ${known.join(', ')})`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError(`"upkeep ${command}" takes no arguments besides its options (${known.join(', ')}); got ${message.match(/'([^']+)'/)?.[1] ?? 'an extra argument'}`);
    }
    throw new UsageError(`${message.split('. ')[0] ?? message} (upkeep ${command})`);
  }
}
