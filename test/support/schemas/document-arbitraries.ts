import fc from 'fast-check';
import { DECISIONS, PRIORITIES, RISK_LEVELS, UPDATE_TYPES, VERSIONING_SCHEMES, WEEKDAYS } from '../../../functions/core/types.js';

/*
 * Documents that are mostly right: each field usually a good value or a near miss, sometimes
 * anything at all, sometimes missing, now and then with a key no schema knows. Property tests
 * feed them to a schema and to the zod schema it must agree with.
 */

/** Any small JSON value, and the values schemas trip on. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom(null, '', 0, -1, 1.5, 'x', [], {}, [''], { type: 'npm' }));

/** Usually one of `good`; now and then one of the near misses `bad`, or anything at all. */
export const mostly = (good: fc.Arbitrary<unknown>, bad: fc.Arbitrary<unknown> = junk): fc.Arbitrary<unknown> => fc.oneof(
  { weight: 30, arbitrary: good }, { weight: 1, arbitrary: bad }, { weight: 1, arbitrary: junk },
);

/** A short list of `values`, now and then with one of `bad` in it. */
const listOf = (values: readonly string[], bad: readonly unknown[]): fc.Arbitrary<unknown> => mostly(
  fc.array(fc.oneof({ weight: 14, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.constantFrom(...bad) }), { minLength: 1, maxLength: 3 }),
  fc.constantFrom([], '', values[0]),
);

/** An object of `fields`, usually with the `required` ones; now and then with a key no schema knows. */
export function shapeOf(fields: Record<string, fc.Arbitrary<unknown>>, required: readonly string[]): fc.Arbitrary<unknown> {
  const base = fc.oneof({ weight: 9, arbitrary: fc.record(fields, { requiredKeys: [...required] }) }, { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) });
  const extra = fc.oneof({ weight: 11, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.record({ typo: junk, Name: junk, constructor: junk }, { requiredKeys: [] }) });
  return fc.tuple(base, extra).map(([value, more]) => ({ ...value, ...more }));
}

const duration = mostly(fc.constantFrom('30m', '2h', '3d', 'PT30M', '1d12h', '90s'), fc.constantFrom('x', '', '5', '2 h', 'next_window', '0m'));
const flag = mostly(fc.boolean(), fc.constantFrom('true', 0));

const conditions = shapeOf({
  priority: listOf(PRIORITIES, ['URGENT', 5]),
  breaking_changes: flag,
  simulation_success: flag,
  simulation_success_rate: mostly(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1)), fc.constantFrom(-0.1, 1.5, '0.5')),
  business_hours: flag,
  in_maintenance_window: flag,
  performance_degradation: flag,
  day_of_week: listOf(WEEKDAYS, ['Mon', 'monday']),
  update_type: listOf(UPDATE_TYPES, ['huge']),
  component: mostly(fc.oneof(fc.constantFrom('api-*', 'x?'), fc.array(fc.constantFrom('a', 'b*'), { minLength: 1, maxLength: 3 })), fc.constantFrom('', [], [''], ['a', 5], 5)),
  min_release_age: duration,
  max_release_age: duration,
  risk_level: listOf(RISK_LEVELS, ['NONE']),
  security_fix: flag,
}, []);

const actions = fc.oneof(
  shapeOf({
    decision: mostly(fc.constantFrom(...DECISIONS), fc.constantFrom('ALLOW', 'defer')),
    bypass_window: flag,
    rollout: mostly(fc.constant('fast'), fc.constant('')),
  }, ['decision']),
  shapeOf({
    decision: mostly(fc.constant('DEFER'), fc.constantFrom('REJECT', 'AUTO_APPROVE')),
    defer_until: mostly(fc.oneof(fc.constantFrom('next_window', 'next_weekend', 'cooldown_end'), duration), fc.constantFrom('tomorrow', 5)),
  }, ['decision', 'defer_until']),
);

const policyFields = {
  name: mostly(fc.constantFrom('auto', 'a_b-c', 'x'.repeat(63)), fc.constantFrom('Bad Name', '', 'x'.repeat(64), '-x')),
  description: mostly(fc.string({ maxLength: 5 })),
  enabled: flag,
  priority: mostly(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(-1, 1001, 2.5, 2 ** 60, '5')),
  conditions: mostly(conditions),
  actions: mostly(actions),
};

/** A policy as a person might write one (`PolicySchema`). */
export const policyLike = mostly(shapeOf(policyFields, ['name', 'priority', 'actions']));

/** A `PUT /api/self-update/policies/{name}` body: a policy, `name` optional, perhaps a `rev`. */
export const policyBodyLike = mostly(shapeOf({ ...policyFields, rev: mostly(fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, 1.5, '2')) }, ['priority', 'actions']));

const url = mostly(
  fc.constantFrom('https://registry.npmjs.org', ' http://x.y/ ', 'http://a\tb.c/', '\thttps://x.y\n', 'https://[::1]:8080/p'),
  fc.constantFrom('ftp://x.y', 'not a url', 'https:/x', 'http:example.com', '', 'mailto:a@b.c'),
);
const secret = mostly(fc.constantFrom('npm-token', 'a/b+c=d.e@f-g'), fc.constantFrom('has space', '', 'x'.repeat(513)));
const advisories = mostly(shapeOf({ osv: flag, url }, []));
const tag = (type: string): fc.Arbitrary<unknown> => mostly(fc.constant(type), fc.constantFrom('svn', 'NPM', 5));

/** A component's source as a person might write one (`SourceSchema`). */
export const sourceLike = mostly(fc.oneof(
  shapeOf({
    type: tag('npm'), package: mostly(fc.constantFrom('left-pad', '@scope/name'), fc.constantFrom('Bad Name', '-x', '')), registry: url, tokenSecret: secret, advisories,
  }, ['type', 'package']),
  shapeOf({ type: tag('git'), url: mostly(fc.constantFrom('git@github.com:a/b.git', '/path', 'https://x.y/r.git'), fc.constant('')), tagPattern: mostly(fc.constant('^v(.*)$')), verifySignatures: flag }, ['type', 'url']),
  shapeOf({ type: tag('oci'), image: mostly(fc.constantFrom('ghcr.io/org/app', 'nginx', 'Registry:5000/App'), fc.constantFrom('app:1.0', 'a//b', '')), credentialsSecret: secret, insecure: flag }, ['type', 'image']),
  shapeOf({ type: tag('pypi'), package: mostly(fc.constantFrom('requests', 'a.b-c_d'), fc.constantFrom('-x', '')), index: url, advisories }, ['type', 'package']),
  shapeOf({
    type: tag('github-release'), repository: mostly(fc.constant('owner/repo'), fc.constantFrom('owner', 'a/b/c')), api: url, tokenSecret: secret, includeTags: flag,
  }, ['type', 'repository']),
  shapeOf({
    type: tag('maven'), repository: url, groupId: mostly(fc.constant('org.example'), fc.constant('bad group')), artifactId: mostly(fc.constant('lib'), fc.constant('bad id')), credentialsSecret: secret, advisories,
  }, ['type', 'repository', 'groupId', 'artifactId']),
  shapeOf({
    type: tag('http-json'), url, versionsPath: mostly(fc.constant('releases.*.version'), fc.constant('')), releasedAtPath: mostly(fc.constant('date')),
    checksumPath: mostly(fc.constant('sha')), headers: mostly(fc.dictionary(fc.constantFrom('Accept', 'X-Token', '__proto__'), mostly(fc.string({ maxLength: 3 })), { maxKeys: 2 })), tokenSecret: secret,
  }, ['type', 'url', 'versionsPath']),
));

/** A `POST /api/self-update/register-component` body. */
export const registerBodyLike = mostly(shapeOf({
  component: mostly(fc.constant('billing-api'), fc.constantFrom('Billing', '')),
  version: mostly(fc.constantFrom('1.2.3', ' 1.0 '), fc.constantFrom('  ', 1.1)),
  source: sourceLike,
  scheme: mostly(fc.constantFrom(...VERSIONING_SCHEMES), fc.constant('roman')),
  reason: mostly(fc.constant('why'), fc.constant('x'.repeat(1001))),
}, ['component', 'version']));
