import { NotFoundError } from '../../functions/core/errors.js';
import type { Secrets } from '../../functions/ports/secrets.js';

/** Secrets from a plain object, for tests. */
export class FakeSecrets implements Secrets {
  public constructor(private readonly values: Readonly<Record<string, string>> = {}) {}

  public get(name: string): Promise<string> {
    const value = this.values[name];
    return value === undefined ? Promise.reject(new NotFoundError(`secret ${name} does not exist`)) : Promise.resolve(value);
  }
}
