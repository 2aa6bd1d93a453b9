import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../infra/aws/handler-function.js';

/**
 * The state machine's Retry/Catch blocks and the HTTP edge match on error names. The stack's
 * bundles are minified (`infra/aws/handler-function.ts`), and minifying renames classes: a name
 * taken from the class would read `ko` in AWS while every test, run unbundled, saw
 * `ValidationError`. So the errors are bundled here as the stack bundles them, and their names
 * checked.
 */
describe('Error names in a minified bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'upkeep-error-names-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function bundled(): Promise<Record<string, unknown>> {
    const outfile = join(dir, 'errors.mjs');
    await build({
      stdin: { contents: "export * from './functions/core/errors.ts';\nexport * from './functions/ports/execution-errors.ts';\n", resolveDir: PROJECT_ROOT, loader: 'ts' },
      outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', mainFields: ['module', 'main'], minify: true, logLevel: 'silent',
    });
    return (await import(pathToFileURL(outfile).href)) as Record<string, unknown>;
  }

  it('keeps every Upkeep error\'s name, and the engine errors\' Step Functions names', async () => {
    // Arrange
    const errors = await bundled();
    const sdkNames: Record<string, string> = {
      TaskDoesNotExistError: 'TaskDoesNotExist', TaskTimedOutError: 'TaskTimedOut', InvalidTokenError: 'InvalidToken',
      ExecutionAlreadyExistsError: 'ExecutionAlreadyExists', ExecutionDoesNotExistError: 'ExecutionDoesNotExist',
    };

    // Act
    const names = Object.fromEntries(Object.entries(errors).filter(([, value]) => typeof value === 'function')
      .map(([exported, Class]) => [exported, (new (Class as new (message: string) => Error)('x')).name]));

    // Assess
    expect(Object.keys(names).length).toBeGreaterThanOrEqual(17);
    for (const [exported, name] of Object.entries(names)) expect(name, exported).toBe(sdkNames[exported] ?? exported);
  });
});
