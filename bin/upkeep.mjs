#!/usr/bin/env node
// The `upkeep` command. Runs the TypeScript sources directly through tsx, so a clone works
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

// The console shows workflow progress; the handlers' structured logs only from warnings up.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
// The AWS SDK warns on every start that future releases will need Node 22; this machine
// runs Node 20 on purpose (see README), so that one warning is dropped and others kept.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const text = typeof warning === 'string' ? warning : warning?.message ?? '';
  if (String(rest[0]?.type ?? rest[0] ?? '').includes('NodeVersionSupportWarning') || text.includes('NodeVersionSupportWarning')) return;
  emitWarning(warning, ...rest);
};

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
