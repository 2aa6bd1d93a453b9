import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileConfigProvider } from '../../../../functions/adapters/shared/file-config-provider.js';
import { NotFoundError, ValidationError } from '../../../../functions/core/errors.js';

const GOOD = 'version: 1\ncomponents:\n  - name: api\n    current: "1.2.3"\n    source: { type: npm, package: api }\n';

describe('Class: FileConfigProvider', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'upkeep-config-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('Method: get', () => {
    it('reads and validates the file once, then serves the same config', async () => {
      // Prepare
      const path = join(dir, 'upkeep.yaml');
      await writeFile(path, GOOD);
      const provider = new FileConfigProvider(path);

      // Act
      const first = await provider.get();
      await writeFile(path, 'version: 2\n');
      const second = await provider.get();

      // Assess
      expect(first.components.map((c) => c.name)).toEqual(['api']);
      expect(second).toBe(first);
    });

    it('reads JSON too', async () => {
      const path = join(dir, 'upkeep.json');
      await writeFile(path, JSON.stringify({ version: 1, components: [{ name: 'web', current: '2.0.0', source: { type: 'npm', package: 'web' } }] }));

      await expect(new FileConfigProvider(path).get()).resolves.toMatchObject({ components: [{ name: 'web', current: '2.0.0' }] });
    });

    it('throws a ValidationError listing every problem of a bad file, and reads the file again once fixed', async () => {
      const path = join(dir, 'upkeep.yaml');
      await writeFile(path, 'version: 2\ncomponents:\n  - name: api\n    current: 1.10\n    source: { type: npm, package: api }\n');
      const provider = new FileConfigProvider(path);

      const error: unknown = await provider.get().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ValidationError);
      const problems = (error as ValidationError).problems;
      expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['version', 'components[0].current']));
      expect((error as Error).message).toMatch(/has 2 problem\(s\)/);

      await writeFile(path, GOOD);
      await expect(provider.get()).resolves.toMatchObject({ version: 1 });
    });

    it('names a missing file in a NotFoundError', async () => {
      await expect(new FileConfigProvider(join(dir, 'nope.yaml')).get()).rejects.toBeInstanceOf(NotFoundError);
    });
  });
});
