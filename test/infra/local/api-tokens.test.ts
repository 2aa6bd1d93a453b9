import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API_TOKENS_FILE, ensureApiTokens, newApiToken, tokensByEmail } from '../../../infra/local/api-tokens.js';

const dirs: string[] = [];
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'upkeep-tokens-'));
  dirs.push(dir);
  return dir;
}

describe('Function: ensureApiTokens', () => {
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('creates one private token per configured person at the first start and keeps them afterwards', async () => {
    // Prepare
    const dir = await dataDir();
    const people = [{ email: 'Ana@Example.com', role: 'approver' as const }, { email: 'vic@example.com', role: 'viewer' as const }];

    // Act
    const first = await ensureApiTokens(dir, people);
    const again = await ensureApiTokens(dir, [...people, { email: 'ben@example.com', role: 'admin' as const }]);

    // Assess
    expect(Object.values(first).sort()).toEqual(['ana@example.com', 'vic@example.com']);
    expect(Object.keys(first).every((t) => /^upk_[A-Za-z0-9_-]{32}$/.test(t))).toBe(true);
    expect(again).toMatchObject(first);
    expect(tokensByEmail(again)['ben@example.com']).toMatch(/^upk_[A-Za-z0-9_-]{32}$/);
    expect(JSON.parse(await readFile(join(dir, API_TOKENS_FILE), 'utf8'))).toEqual(again);
    expect((await stat(join(dir, API_TOKENS_FILE))).mode & 0o777).toBe(0o600);
  });

  it('never makes a token a command line would read as an option', () => {
    // Act: base64url starts with '-' one time in 64, so a thousand tokens would meet it.
    const tokens = Array.from({ length: 1000 }, () => newApiToken());

    // Assess
    expect(tokens.every((t) => /^upk_[A-Za-z0-9_-]{32}$/.test(t))).toBe(true);
    expect(new Set(tokens).size).toBe(1000);
  });

  it('refuses a file that is not JSON, saying how to fix it', async () => {
    // Prepare
    const dir = await dataDir();
    await writeFile(join(dir, API_TOKENS_FILE), 'not json');

    // Act + Assess
    await expect(ensureApiTokens(dir, [])).rejects.toThrow(/api-tokens.json is not readable JSON \(token → email\); fix or delete it/);
  });
});
