import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryHttpCache } from '../../../../functions/adapters/local/memory-http-cache.js';
import { PoliteHttpClient } from '../../../../functions/adapters/sources/http-client.js';
import { OciRegistrySource } from '../../../../functions/adapters/sources/oci-source.js';
import { BadResponseError } from '../../../../functions/core/errors.js';
import {
  DISTRIBUTION_BINARY, DISTRIBUTION_LOGIN, distributionAvailable, pushImage, startDistributionRegistry, type DistributionRegistry,
} from '../../../support/fake-distribution-registry.js';
import { FakeSecrets } from '../../../support/fake-secrets.js';

const available = distributionAvailable();
if (!available) {
  console.warn(`skipping the CNCF distribution registry tests: ${DISTRIBUTION_BINARY} is not installed (apt-get install docker-registry)`);
}

const TAGS = Array.from({ length: 12 }, (_, i) => `1.${i}.0`);

describe.skipIf(!available)('Class: OciRegistrySource against the CNCF distribution registry', () => {
  let open: DistributionRegistry;
  let locked: DistributionRegistry;
  const pushed = new Map<string, string>();

  beforeAll(async () => {
    [open, locked] = await Promise.all([startDistributionRegistry(), startDistributionRegistry({ htpasswd: true })]);
    for (const tag of TAGS) pushed.set(tag, await pushImage(open, 'team/app', tag));
    await pushImage(locked, 'team/private', '2.0.0');
  });

  afterAll(async () => {
    await Promise.all([open?.stop(), locked?.stop()]);
  });

  it('lists every tag with the digests the registry reported on push', async () => {
    // Prepare
    const http = new PoliteHttpClient({ cache: new MemoryHttpCache() });
    const oci = new OciRegistrySource({ http, pageSize: 5 });

    // Act
    const listing = await oci.list({ type: 'oci', image: `${open.host}/team/app`, insecure: true });

    // Assess: distribution 2.8 ignores n= on tag lists (v3 pages them); the fake registry
    // covers Link pagination. Either way every tag must come back exactly once.
    expect(listing.releases.map((r) => r.version).sort()).toEqual([...TAGS].sort());
    for (const release of listing.releases) expect(release.checksum).toBe(pushed.get(release.version));
    expect(http.stats().total.failures).toBe(0);
  });

  it('answers the manifest lookups of an unchanged second pass with 304s', async () => {
    // Prepare
    const http = new PoliteHttpClient({ cache: new MemoryHttpCache() });
    const oci = new OciRegistrySource({ http });
    const config = { type: 'oci' as const, image: `${open.host}/team/app`, insecure: true };
    await oci.list(config);
    http.resetStats();

    // Act
    const second = await oci.list(config);

    // Assess
    expect(second.releases.filter((r) => r.checksum !== undefined)).toHaveLength(TAGS.length);
    expect(http.stats().total.notModified).toBeGreaterThanOrEqual(TAGS.length);
  });

  it('answers a Basic challenge with the credentials secret, and names it when wrong', async () => {
    // Prepare
    const oci = new OciRegistrySource({ http: new PoliteHttpClient(), secrets: new FakeSecrets({ REG: DISTRIBUTION_LOGIN, BAD: 'robot:wrong' }) });
    const config = { type: 'oci' as const, image: `${locked.host}/team/private`, insecure: true };

    // Act
    const listing = await oci.list({ ...config, credentialsSecret: 'REG' });
    const failure = oci.list({ ...config, credentialsSecret: 'BAD' });

    // Assess
    expect(listing.releases).toEqual([expect.objectContaining({ version: '2.0.0', checksum: expect.stringMatching(/^sha256:/) as unknown })]);
    await expect(failure).rejects.toBeInstanceOf(BadResponseError);
    await expect(failure).rejects.toThrow(/check the secret "BAD"/);
  });
});
