#!/usr/bin/env node
// The `upkeep` command. Runs the TypeScript sources directly through tsx, so a clone works
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

// The console shows workflow progress; the handlers' structured logs only from warnings up.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
// The AWS SDK warns on every start that its releases after January 2027 need Node 22; this
// project pins SDK versions that run on Node 20 (see README), so the warning says nothing new.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
