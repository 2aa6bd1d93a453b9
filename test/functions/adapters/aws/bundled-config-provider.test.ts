import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BundledConfigProvider } from '../../../../functions/adapters/aws/bundled-config-provider.js';
import { requireConfig } from '../../../../functions/core/config/parse.js';
import { NotFoundError, UpkeepError } from '../../../../functions/core/errors.js';

describe('Class: BundledConfigProvider', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'upkeep-bundled-config-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves exactly the configuration the CDK app validated and wrote as JSON', async () => {
    // Prepare: what infra/aws/upkeep-stack.ts writes beside every function's code
    for (const example of ['examples/upkeep.yaml']) {
      const validated = requireConfig(await readFile(example, 'utf8'), example);
      const path = join(dir, 'upkeep-config.json');
      await writeFile(path, JSON.stringify(validated, null, 2));

      // Act
      const served = await new BundledConfigProvider(path).get();

      // Assess
      expect(served, example).toEqual(validated);
    }
  });

  it('reads the file once per execution environment', async () => {
    const path = join(dir, 'upkeep-config.json');
    await writeFile(path, JSON.stringify({ version: 1, components: [] }));
    const provider = new BundledConfigProvider(path);
    const first = await provider.get();
    await writeFile(path, 'not json');
    expect(await provider.get()).toBe(first);
  });

  it('fails naming the fix for a missing, unreadable, non-JSON or foreign file, and tries again next time', async () => {
    const path = join(dir, 'upkeep-config.json');
    const provider = new BundledConfigProvider(path);
    await expect(provider.get()).rejects.toBeInstanceOf(NotFoundError);
    await expect(new BundledConfigProvider(dir).get()).rejects.toThrow(/cannot read the bundled configuration/);
    await writeFile(path, '{ "version": 1,');
    await expect(provider.get()).rejects.toThrow(/is not JSON .*redeploy with the CDK app/);
    for (const foreign of ['null', '{"version":2,"components":[]}', '{"version":1}', '[]']) {
      await writeFile(path, foreign);
      await expect(provider.get()).rejects.toThrow(UpkeepError);
      await expect(provider.get()).rejects.toThrow(/is not a validated upkeep.yaml/);
    }
    await writeFile(path, JSON.stringify({ version: 1, components: [] }));
    expect((await provider.get()).components).toEqual([]);
  });
});
