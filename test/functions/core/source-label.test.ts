import { describe, expect, it } from 'vitest';
import { describeSource } from '../../../functions/core/source-label.js';

describe('Function: describeSource', () => {
  it('names each kind of source by its type and what identifies it', () => {
    expect([
      describeSource({ type: 'npm', package: '@acme/api', registry: 'https://registry.npmjs.org' }),
      describeSource({ type: 'pypi', package: 'acme-payments', index: 'https://pypi.org/pypi' }),
      describeSource({ type: 'git', url: 'https://git.example.com/acme/worker.git', verifySignatures: false }),
      describeSource({ type: 'oci', image: 'ghcr.io/acme/storefront', insecure: false }),
      describeSource({ type: 'github-release', repository: 'acme/cli', api: 'https://api.github.com', includeTags: false }),
      describeSource({ type: 'maven', repository: 'https://repo.example.com', groupId: 'com.acme', artifactId: 'ledger' }),
      describeSource({ type: 'http-json', url: 'https://releases.example.com/index.json', versionsPath: 'versions' }),
    ]).toEqual([
      'npm:@acme/api', 'pypi:acme-payments', 'git:https://git.example.com/acme/worker.git', 'oci:ghcr.io/acme/storefront',
      'github:acme/cli', 'maven:com.acme:ledger', 'http-json:https://releases.example.com/index.json',
    ]);
  });
});
