import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitTagSource, parseLsRemote } from '../../../../functions/adapters/sources/git-source.js';
import { NotFoundError, ValidationError } from '../../../../functions/core/errors.js';
import {
  createGpgHome, createTaggedRepo, gitDaemonAvailable, gitEnv, gpgAvailable, startGitDaemon,
} from '../../../support/fake-git-repos.js';

const TAGS = [
  { name: 'v1.0.0' },
  { name: 'v1.1.0', message: 'Release 1.1.0\n\nFixes the widget.' },
  { name: 'nightly-2024-01-01' },
  { name: 'v2.0.0', message: 'Release 2.0.0' },
];

let root: string;
let bare: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'upkeep-git-'));
  bare = await createTaggedRepo(root, 'app', TAGS);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const config = (url: string, extra: { tagPattern?: string; verifySignatures?: boolean } = {}) =>
  ({ type: 'git' as const, url, verifySignatures: false, ...extra });

describe('Class: GitTagSource', () => {
  describe('Method: list (file://)', () => {
    it('lists every tag, peeling annotated tags to their commit', async () => {
      // Act
      const listing = await new GitTagSource().list(config(`file://${bare}`));

      // Assess
      expect(listing.releases.map((r) => r.version).sort()).toEqual(TAGS.map((t) => t.name).sort());
      expect(listing.releases.every((r) => /^sha1:[0-9a-f]{40}$/.test(r.checksum ?? ''))).toBe(true);
    });

    it('keeps only tags matching tagPattern, taking the first capture group as the version', async () => {
      // Act
      const listing = await new GitTagSource().list(config(`file://${bare}`, { tagPattern: '^v(\\d+\\.\\d+\\.\\d+)$' }));

      // Assess
      expect(listing.releases.map((r) => r.version).sort()).toEqual(['1.0.0', '1.1.0', '2.0.0']);
    });

    it('throws NotFoundError for a repository that does not exist', async () => {
      // Act / Assess
      await expect(new GitTagSource().list(config(`file://${root}/missing.git`))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses URLs that git would read as options and invalid patterns', async () => {
      // Act / Assess
      await expect(new GitTagSource().list(config('--upload-pack=touch /tmp/x'))).rejects.toBeInstanceOf(ValidationError);
      await expect(new GitTagSource().list(config(`file://${bare}`, { tagPattern: '(' }))).rejects.toThrow(/tagPattern must be a regular expression/);
    });

    it('rejects lightweight and unsigned tags when signatures must verify', async () => {
      // Act
      const listing = await new GitTagSource({ env: { GIT_CONFIG_GLOBAL: '/dev/null' } }).list(config(`file://${bare}`, { verifySignatures: true }));

      // Assess
      expect(listing.releases).toEqual([]);
    });
  });

  describe.skipIf(!gpgAvailable())('Method: list (signed tags)', () => {
    it('accepts only tags signed by a trusted key, with the tagger date and message', async () => {
      // Prepare
      const gpg = await createGpgHome();
      try {
        const env = gitEnv({ GNUPGHOME: gpg.home });
        const signed = await createTaggedRepo(root, 'signed', [
          { name: 'v3.0.0', sign: true, message: 'Signed release 3.0.0' },
          { name: 'v3.0.1', message: 'Unsigned annotated' },
          { name: 'v3.0.2' },
        ], env);

        // Act
        const listing = await new GitTagSource({ env: { GNUPGHOME: gpg.home } }).list(config(`file://${signed}`, { verifySignatures: true }));
        const untrusting = await new GitTagSource({ env: { GNUPGHOME: join(root, 'empty-gnupg') } }).list(config(`file://${signed}`, { verifySignatures: true }));

        // Assess
        expect(listing.releases).toHaveLength(1);
        expect(listing.releases[0]).toMatchObject({ version: 'v3.0.0', changelog: 'Signed release 3.0.0' });
        expect(Date.parse(listing.releases[0]?.releasedAt ?? '')).toBeGreaterThan(Date.now() - 600_000);
        expect(untrusting.releases).toEqual([]);
      } finally {
        await gpg.stop();
      }
    });
  });

  describe.skipIf(!gitDaemonAvailable())('Method: list (git daemon)', () => {
    it('lists tags over git://', async () => {
      // Prepare
      const daemon = await startGitDaemon(root);
      try {
        // Act
        const listing = await new GitTagSource().list(config(`${daemon.url}/app.git`, { tagPattern: '^v(.*)$' }));

        // Assess
        expect(listing.releases.map((r) => r.version).sort()).toEqual(['1.0.0', '1.1.0', '2.0.0']);
      } finally {
        await daemon.stop();
      }
    });
  });

  describe('Function: parseLsRemote', () => {
    it('prefers the peeled commit of an annotated tag', () => {
      // Prepare
      const output = [
        `${'a'.repeat(40)}\trefs/tags/v1`,
        `${'b'.repeat(40)}\trefs/tags/v2`,
        `${'c'.repeat(40)}\trefs/tags/v2^{}`,
      ].join('\n');

      // Act
      const tags = parseLsRemote(output, undefined);

      // Assess
      expect(tags).toEqual([
        { tag: 'v1', version: 'v1', commit: 'a'.repeat(40) },
        { tag: 'v2', version: 'v2', commit: 'c'.repeat(40) },
      ]);
    });
  });
});

if (!gitDaemonAvailable()) console.warn('skipping git daemon tests: `git daemon` is not available in this git installation');
if (!gpgAvailable()) console.warn('skipping signed-tag tests: gpg is not installed');
