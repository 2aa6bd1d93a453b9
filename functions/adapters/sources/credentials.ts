import type { Secrets } from '../../ports/secrets.js';

/**
 * The `Authorization` header for a secret, or none when no secret is configured.
 * A secret of the form `user:password` becomes HTTP Basic (Maven repositories, registries
 * that take a login); anything else is sent as a bearer token.
 */
export async function authorization(
  secrets: Secrets | undefined,
  secretName: string | undefined,
  scheme: 'bearer' | 'basic-or-bearer' = 'bearer',
): Promise<Record<string, string>> {
  if (secretName === undefined) return {};
  if (secrets === undefined) throw new Error(`secret "${secretName}" is configured but this source was built without a Secrets adapter`);
  const value = (await secrets.get(secretName)).trim();
  if (scheme === 'basic-or-bearer' && value.includes(':')) {
    return { authorization: `Basic ${Buffer.from(value).toString('base64')}` };
  }
  return { authorization: `Bearer ${value}` };
}
