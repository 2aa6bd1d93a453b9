import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError } from '../../core/errors.js';
import type { Secrets } from '../../ports/secrets.js';

/** The environment variable that holds secret `name` locally: `UPKEEP_SECRET_` + the name in upper snake case. */
export function secretVariable(name: string): string {
  return `UPKEEP_SECRET_${name.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
}

/**
 * Secrets for local mode, by the same names Secrets Manager uses in AWS: the environment
 * variable `UPKEEP_SECRET_<NAME>`, else the file `<dir>/<name>` (the `.upkeep/secrets` folder).
 *
 * @example
 * ```ts
 * // UPKEEP_SECRET_GITHUB_TOKEN=ghp_… upkeep start
 * const token = await new LocalSecrets({ dir: '.upkeep/secrets' }).get('github-token');
 * ```
 */
export class LocalSecrets implements Secrets {
  public constructor(private readonly options: { readonly dir: string; readonly env?: NodeJS.ProcessEnv }) {}

  public async get(name: string): Promise<string> {
    const fromEnv = (this.options.env ?? process.env)[secretVariable(name)];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    if (name.includes('..') || name.startsWith('/')) throw new NotFoundError(`secret "${name}" is not a valid local secret name`);
    try {
      return (await readFile(join(this.options.dir, name), 'utf8')).trim();
    } catch {
      throw new NotFoundError(`secret "${name}" is not set: export ${secretVariable(name)} or write it to ${join(this.options.dir, name)}`, { context: { secret: name } });
    }
  }
}
