import { GetSecretValueCommand, InternalServiceError, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecretsManagerSecrets } from '../../../../functions/adapters/aws/secrets-manager-secrets.js';
import { NotFoundError, TransientError, ValidationError } from '../../../../functions/core/errors.js';

const client = new SecretsManagerClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const secretsManager = mockClient(client);
const $metadata = {};

describe('Class: SecretsManagerSecrets', () => {
  let now: Date;
  const clock = { now: () => now };

  beforeEach(() => {
    secretsManager.reset();
    now = new Date('2025-03-03T10:00:00Z');
  });

  describe('Method: get', () => {
    it('reads a secret once and serves it from the cache until the time-to-live passes', async () => {
      // Prepare
      secretsManager.on(GetSecretValueCommand).resolvesOnce({ SecretString: 'v1' }).resolves({ SecretString: 'v2' });
      const secrets = new SecretsManagerSecrets({ client, clock, ttlSeconds: 300 });

      // Act
      const first = await Promise.all([secrets.get('upkeep/link-key'), secrets.get('upkeep/link-key')]);
      now = new Date('2025-03-03T10:04:59Z');
      const cached = await secrets.get('upkeep/link-key');
      now = new Date('2025-03-03T10:05:01Z');
      const refreshed = await secrets.get('upkeep/link-key');

      // Assess
      expect([...first, cached, refreshed]).toEqual(['v1', 'v1', 'v1', 'v2']);
      expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    });

    it('names a missing secret in a NotFoundError', async () => {
      secretsManager.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata }));
      const secrets = new SecretsManagerSecrets({ client, clock });

      const read = secrets.get('upkeep/npm-token');

      await expect(read).rejects.toBeInstanceOf(NotFoundError);
      await expect(read).rejects.toThrow(/secret upkeep\/npm-token does not exist/);
    });

    it('does not cache a failure: the next call asks again', async () => {
      secretsManager.on(GetSecretValueCommand).rejectsOnce(new InternalServiceError({ message: 'boom', $metadata })).resolves({ SecretString: 'ok' });
      const secrets = new SecretsManagerSecrets({ client, clock });

      await expect(secrets.get('s')).rejects.toBeInstanceOf(TransientError);
      await expect(secrets.get('s')).resolves.toBe('ok');
    });

    it('refuses a binary secret with the fix', async () => {
      secretsManager.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });

      await expect(new SecretsManagerSecrets({ client, clock }).get('bin')).rejects.toBeInstanceOf(ValidationError);
    });
  });
});
