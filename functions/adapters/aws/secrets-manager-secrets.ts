import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Secrets } from '../../ports/secrets.js';
import { awsErrorName, toAwsUpkeepError } from './aws-errors.js';
import { traced } from './traced-client.js';

/** Options of {@link SecretsManagerSecrets}. */
export interface SecretsManagerSecretsOptions {
  /** @default - a client built from the Lambda's environment (region and credentials) */
  readonly client?: SecretsManagerClient;
  /**
   * How long a value is reused before it is read again. Long enough that a warm Lambda does not
   * call Secrets Manager per request, short enough that a rotated secret is picked up soon.
   * @default 300
   */
  readonly ttlSeconds?: number;
  /** @default - the system clock */
  readonly clock?: Clock;
}

interface Entry {
  readonly value: Promise<string>;
  readonly expiresAt: number;
}

/**
 * {@link Secrets} from AWS Secrets Manager (`GetSecretValue`, the `AWSCURRENT` version),
 * cached per name for a few minutes. Only `SecretString` is read: a binary secret is refused
 * with the fix. A missing secret is a `NotFoundError` naming it; failures are never cached.
 *
 * @example
 * ```ts
 * const secrets = new SecretsManagerSecrets();
 * const token = await secrets.get('upkeep/github-token');
 * ```
 */
export class SecretsManagerSecrets implements Secrets {
  readonly #client: SecretsManagerClient;
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #cache = new Map<string, Entry>();

  public constructor(options: SecretsManagerSecretsOptions = {}) {
    this.#client = options.client ?? traced(new SecretsManagerClient({}));
    this.#ttlMs = (options.ttlSeconds ?? 300) * 1000;
    this.#clock = options.clock ?? { now: () => new Date() };
  }

  public async get(name: string): Promise<string> {
    const now = this.#clock.now().getTime();
    const cached = this.#cache.get(name);
    if (cached !== undefined && cached.expiresAt > now) return cached.value;
    // Cache the pending read too, so concurrent callers share one request.
    const value = this.#read(name);
    this.#cache.set(name, { value, expiresAt: now + this.#ttlMs });
    try {
      return await value;
    } catch (error) {
      if (this.#cache.get(name)?.value === value) this.#cache.delete(name);
      throw error;
    }
  }

  async #read(name: string): Promise<string> {
    let secret: { SecretString?: string | undefined; SecretBinary?: Uint8Array | undefined };
    try {
      secret = await this.#client.send(new GetSecretValueCommand({ SecretId: name }));
    } catch (error) {
      if (awsErrorName(error) === 'ResourceNotFoundException') {
        throw new NotFoundError(`secret ${name} does not exist in Secrets Manager; create it or fix the name in upkeep.yaml`, {
          cause: error,
          context: { secret: name },
        });
      }
      throw toAwsUpkeepError(error, `read secret ${name}`, 'Secrets Manager');
    }
    if (secret.SecretString === undefined) {
      throw new ValidationError(`secret ${name} holds binary data; Upkeep reads text secrets only, so store it as a SecretString`);
    }
    return secret.SecretString;
  }
}
