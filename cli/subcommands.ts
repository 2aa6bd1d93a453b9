import { UsageError, type CliIo, type Command } from './io.js';
import { closest } from '../functions/core/config/closest.js';

/**
 * Runs `upkeep <command> <subcommand> …`: the named subcommand, or `fallback` when the first
 * argument is an option or absent. An unknown subcommand is a usage error suggesting the
 * closest of `shown` (aliases left out of `shown` still run).
 *
 * @example
 * ```ts
 * return runSubcommand('detection', { status, on, off, start: on, stop: off }, ['status', 'on', 'off'], status, args, io);
 * ```
 */
export function runSubcommand(
  command: string,
  subcommands: Readonly<Record<string, Command>>,
  shown: readonly string[],
  fallback: Command,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const [first, ...rest] = args;
  const sub = first !== undefined && Object.hasOwn(subcommands, first) ? subcommands[first] : undefined;
  if (sub !== undefined) return sub.run(rest, io);
  if (first !== undefined && !first.startsWith('-')) {
    const guess = closest(first, shown);
    throw new UsageError(`unknown ${command} subcommand "${first}"; ${guess === undefined ? `use one of: ${shown.join(', ')}` : `did you mean "${guess}"? (subcommands: ${shown.join(', ')})`}`);
  }
  return fallback.run(args, io);
}
