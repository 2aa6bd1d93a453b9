import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PutPolicyBodySchema, RegisterComponentBodySchema } from '../../../../functions/app/api/document-schemas.js';
import { ourJson, shown, zodJson } from '../../../support/schemas/agreement.js';
import { policyBodyLike, registerBodyLike } from '../../../support/schemas/document-arbitraries.js';
import { before, now } from '../../../support/schemas/problems.js';
import * as reference from '../../../support/schemas/zod-mini-references.js';

const SCHEMAS = {
  PutPolicyBodySchema: [PutPolicyBodySchema, reference.PutPolicyBodySchema],
  RegisterComponentBodySchema: [RegisterComponentBodySchema, reference.RegisterComponentBodySchema],
} as const;
type SchemaName = keyof typeof SCHEMAS;

const POLICY = { priority: 100, conditions: { update_type: ['patch'] }, actions: { decision: 'AUTO_APPROVE' } };
const ROWS: [SchemaName, 'accepts' | 'refuses', unknown][] = [
  ['PutPolicyBodySchema', 'accepts', POLICY],
  ['PutPolicyBodySchema', 'accepts', { ...POLICY, name: 'patches', rev: 3, enabled: false, description: 'd' }],
  ['PutPolicyBodySchema', 'accepts', { priority: 0, actions: { decision: 'DEFER', defer_until: 'next_window' } }],
  ['PutPolicyBodySchema', 'refuses', {}],
  ['PutPolicyBodySchema', 'refuses', { ...POLICY, name: 'Bad Name', rev: 0 }],
  ['PutPolicyBodySchema', 'refuses', { ...POLICY, rev: 1.5, colour: 'blue', size: 2 }],
  ['PutPolicyBodySchema', 'refuses', { priority: 1, actions: { decision: 'REJECT', defer_until: '2h' } }],
  ['PutPolicyBodySchema', 'refuses', { priority: 1, actions: { decision: 'DEFER', defer_until: 'soon' } }],
  ['PutPolicyBodySchema', 'refuses', { priority: 1, actions: { decision: 'DEFER', defer_until: 5 } }],
  ['PutPolicyBodySchema', 'refuses', { ...POLICY, conditions: { update_type: '', component: [], simulation_success_rate: 2, day_of_week: ['Mon'] } }],
  ['PutPolicyBodySchema', 'refuses', { ...POLICY, conditions: { component: ['', 'a'], min_release_age: 'x' } }],
  ['PutPolicyBodySchema', 'refuses', { ...POLICY, conditions: { component: 5 } }],
  ['PutPolicyBodySchema', 'refuses', null],
  ['PutPolicyBodySchema', 'refuses', ['policy']],
  ['RegisterComponentBodySchema', 'accepts', { component: 'billing-api', version: ' 1.0 ' }],
  ['RegisterComponentBodySchema', 'accepts', { component: 'billing-api', version: '1.0', source: { type: 'npm', package: 'left-pad' }, scheme: 'semver', reason: 'seed' }],
  ['RegisterComponentBodySchema', 'accepts', { component: 'a', version: '1', source: { type: 'http-json', url: ' https://x.y/v ', versionsPath: 'v', headers: { Accept: 'json' } } }],
  ['RegisterComponentBodySchema', 'accepts', { component: 'a', version: '1', source: { type: 'pypi', package: 'requests', advisories: {} } }],
  ['RegisterComponentBodySchema', 'refuses', {}],
  ['RegisterComponentBodySchema', 'refuses', { component: 'a', version: '1', source: { type: 'svn', url: 'x' } }],
  ['RegisterComponentBodySchema', 'refuses', { component: 'a', version: '1', source: { package: 'left-pad' } }],
  ['RegisterComponentBodySchema', 'refuses', { component: 'a', version: '1', source: 'npm:left-pad' }],
  ['RegisterComponentBodySchema', 'refuses', { component: 'a', version: '1', source: { type: 'npm', package: 'Bad Name', registry: 'ftp://x', tokenSecret: 'a b' } }],
  ['RegisterComponentBodySchema', 'refuses', { component: 'a', version: '1', source: { type: 'maven', repository: 'not a url', groupId: 'g', artifactId: 'a', advisories: { url: '', x: 1 } } }],
  ['RegisterComponentBodySchema', 'refuses', { component: 'a', version: '1', source: { type: 'git', url: '', tagPattern: 5 }, scheme: 'roman' }],
  ['RegisterComponentBodySchema', 'refuses', { component: 'a', version: '1', source: { type: 'http-json', url: 'https://x.y', versionsPath: 'v', headers: { A: 1 } } }],
  ['RegisterComponentBodySchema', 'refuses', { component: 'Bad', version: 1.1, reason: 'x'.repeat(1001), extra: true }],
];

describe('Function: parseInput with the document request schemas', () => {
  it.each(ROWS.map(([name, verdict, input]) => [`${name} ${verdict} ${shown(input)}`, name, verdict, input] as const))(
    '%s, reporting and parsing as with the zod schema',
    (_title, name, verdict, input) => {
      // Prepare
      const [schema, zodSchema] = SCHEMAS[name];

      // Act
      const answer = now(schema, input, '(body)');

      // Assess
      expect(answer).toStrictEqual(before(zodSchema, input, '(body)'));
      expect('value' in answer).toBe(verdict === 'accepts');
    },
  );

  it.each([
    ['PutPolicyBodySchema', policyBodyLike],
    ['RegisterComponentBodySchema', registerBodyLike],
  ] as const)('answers any %s-like body as the zod schema did', (name, bodies) => {
    const [schema, zodSchema] = SCHEMAS[name];
    fc.assert(fc.property(bodies, (body) => {
      expect(now(schema, body, '(body)')).toStrictEqual(before(zodSchema, body, '(body)'));
    }), { numRuns: 1000 });
  });

  it.each(Object.keys(SCHEMAS) as SchemaName[])('describes %s keyword for keyword as z.toJSONSchema did', (name) => {
    const [schema, zodSchema] = SCHEMAS[name];
    expect(ourJson(schema)).toBe(zodJson(zodSchema));
  });
});
