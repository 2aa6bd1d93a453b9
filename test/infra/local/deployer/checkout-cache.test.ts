import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit, type GitRunner } from '../../../../functions/adapters/sources/git-runner.js';
import { NotFoundError, ValidationError } from '../../../../functions/core/errors.js';
import { CheckoutCache } from '../../../../infra/local/deployer/checkout-cache.js';
import { DeployerLab } from './helpers.js';

describe('Class: CheckoutCache', () => {
  let lab: DeployerLab;
  const calls: string[][] = [];
  const countingGit: GitRunner = (args, options) => {
    calls.push([...args]);
    return runGit(args, options);
  };

  beforeAll(async () => {
    lab = await DeployerLab.create();
  });
  afterAll(async () => {
    await lab.dispose();
  });

  it('checks a version out at its tag once, then reuses the checkout', async () => {
    // Prepare
    const cache = new CheckoutCache(join(lab.root, 'checkouts'), countingGit);
    // Act: no tagPattern, so version 1.2.0 is found as tag v1.2.0.
    const dir = await cache.checkout('sample', { type: 'git', url: lab.url }, '1.2.0');
    const callsAfterFirst = calls.length;
    const again = await new CheckoutCache(join(lab.root, 'checkouts'), countingGit).checkout('sample', { type: 'git', url: lab.url }, '1.2.0');
    // Assess
    expect(JSON.parse(await readFile(join(dir, 'release.json'), 'utf8'))).toMatchObject({ version: '1.2.0', errorPercent: 90 });
    expect(again).toBe(dir);
    expect(callsAfterFirst).toBe(2); // ls-remote, clone
    expect(calls.length).toBe(callsAfterFirst);
  });

  it('names a version that has no tag', async () => {
    const cache = new CheckoutCache(join(lab.root, 'checkouts-2'));
    await expect(cache.checkout('sample', { type: 'git', url: lab.url, tagPattern: '^v(.+)$' }, '9.9.9')).rejects.toThrow(NotFoundError);
  });

  it('refuses a source that is not git, and a URL that git would read as an option', async () => {
    const cache = new CheckoutCache(join(lab.root, 'checkouts-3'));
    await expect(cache.checkout('sample', { type: 'npm', url: 'x' }, '1.0.0')).rejects.toThrow(ValidationError);
    await expect(cache.checkout('sample', { url: '--upload-pack=evil' }, '1.0.0')).rejects.toThrow(ValidationError);
  });
});
