import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SecretRefSchema, SourceSchema } from '../../../../functions/core/config/source-schema.js';
import { expectAgreement, ours, zods } from '../../../support/schemas/agreement.js';
import { sourceLike } from '../../../support/schemas/document-arbitraries.js';
import * as before from '../../../support/schemas/zod-mini-references.js';

const JUNK = [undefined, null, 5, 'text', [], {}];

describe('Schema: SourceSchema (held to the zod/mini schema it replaced)', () => {
  it.each([
    ['SourceSchema', SourceSchema, before.SourceSchema, [
      { type: 'npm', package: 'left-pad' },
      { type: 'npm', package: '@scope/name', registry: ' https://npm.example.com/ ', tokenSecret: 'npm/token', advisories: { osv: true } },
      { type: 'npm', package: 'Bad Name', registry: 'ftp://x', advisories: { url: 'nope', extra: 1 } },
      { type: 'git', url: '' }, { type: 'git', url: 'git@github.com:a/b.git', tagPattern: '^v(.*)$', verifySignatures: 'yes' },
      { type: 'oci', image: 'ghcr.io/org/app:1.0', credentialsSecret: 'has space', insecure: true },
      { type: 'pypi', package: '-x', index: 'http:example.com' },
      { type: 'github-release', repository: 'owner', api: 'https:/x', includeTags: 1 },
      { type: 'maven', repository: 'https://repo1.maven.org/maven2', groupId: 'org.example', artifactId: 'bad id' },
      { type: 'http-json', url: '\thttps://x.y/v\n', versionsPath: 'releases.*.version', headers: { Accept: 'json', 'X-Bad': 5 } },
      { type: 'http-json', url: 'https://x.y', versionsPath: '', headers: [] },
      { type: 'svn', url: 'x' }, { package: 'left-pad' }, { type: 5 },
      ...JUNK,
    ]],
    ['SecretRefSchema', SecretRefSchema, before.SecretRefSchema, ['npm-token', 'a/b+c=d.e@f-g', 'has space', '', 'x'.repeat(513), 5]],
  ] as const)('%s accepts, refuses, reports, outputs and describes as before', (_name, schema, reference, inputs) => {
    expectAgreement(schema, reference, inputs);
  });

  it('answers any source-like document as before', () => {
    fc.assert(fc.property(sourceLike, (input) => {
      expect(ours(SourceSchema, input)).toStrictEqual(zods(before.SourceSchema, input));
    }), { numRuns: 2000 });
  });
});
