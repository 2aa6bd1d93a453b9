import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Approver } from '../../functions/core/config/schema.js';

/** The file in the data directory that holds one API token per configured person. */
export const API_TOKENS_FILE = 'api-tokens.json';

/**
 * Local mode's stand-in for the JWT authorizer's users: one bearer token per configured
 * approver, admin or viewer, kept in `<dataDir>/api-tokens.json` (token → email, mode 0600).
 * Tokens are created at the first start that sees a person and kept afterwards; a person
 * removed from the configuration keeps a token that authenticates but holds no role, so every
 * role check refuses it. Returns token → email for the HTTP server.
 *
 * @example
 * ```ts
 * const tokens = await ensureApiTokens(dataDir, config.approvers); // { 'k3x…': 'ana@example.com', … }
 * ```
 */
export async function ensureApiTokens(dataDir: string, people: readonly Approver[]): Promise<Record<string, string>> {
  const file = join(dataDir, API_TOKENS_FILE);
  let tokens: Record<string, string> = {};
  try {
    tokens = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file} is not readable JSON (token → email); fix or delete it: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const known = new Set(Object.values(tokens).map((email) => email.toLowerCase()));
  const missing = people.map((p) => p.email.toLowerCase()).filter((email) => !known.has(email));
  if (missing.length > 0) {
    for (const email of missing) tokens[newApiToken()] = email;
    await writeFile(file, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  }
  return tokens;
}

/**
 * A new bearer token: `upk_` and 32 random base64url characters. The prefix keeps a token from
 * ever starting with `-` (which a command line would read as an option: `--token -x…`) and lets
 * secret scanners recognise one.
 */
export function newApiToken(): string {
  return `upk_${randomBytes(24).toString('base64url')}`;
}

/** Email → token, for people (and tests) who need "the token of ana@example.com". */
export function tokensByEmail(tokens: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tokens).map(([token, email]) => [email, token]));
}
