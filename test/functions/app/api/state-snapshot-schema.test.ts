import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateSnapshotSchema } from '../../../../functions/app/api/state-snapshot-schema.js';
import { ourJson, zodJson } from '../../../support/schemas/agreement.js';
import { junk } from '../../../support/schemas/document-arbitraries.js';
import { before, now } from '../../../support/schemas/problems.js';
import * as reference from '../../../support/schemas/zod-mini-references.js';

const AT = '2025-01-02T03:04:05.678Z';
const SNAPSHOT = {
  format: 'upkeep-state/1',
  components: [{
    name: 'api', current: '1.4.0', previous: '1.3.0', scheme: 'semver', source: { type: 'npm', package: 'api' }, quarantined: ['1.3.1'], createdAt: AT, updatedAt: AT, rev: 2,
  }],
  versions: [{ component: 'api', version: '1.5.0', firstSeenAt: AT, checksum: 'sha256:abc' }],
  policies: [{ policy: { name: 'patches', description: '', enabled: true, priority: 100, conditions: {}, actions: { decision: 'AUTO_APPROVE' } }, rev: 1, updatedAt: AT, updatedBy: 'config' }],
  workflows: [{
    id: 'wf-1', component: 'api', version: '1.5.0', fromVersion: '1.4.0', stage: 'SUCCEEDED', createdAt: AT, updatedAt: AT, rev: 3, history: [{ stage: 'DETECTED', at: AT, note: 'n' }],
  }],
  events: [
    { workflowId: 'system', at: AT, seq: 0, type: 'DETECTION_STOPPED', actor: 'ops', message: 'stopped' },
    { workflowId: 'component:api', at: AT, seq: 0, type: 'VERSION_REGISTERED', actor: 'ops', message: 'ran' },
    { workflowId: 'policy:patches', at: AT, seq: 0, type: 'POLICY_DISABLED', actor: 'ops', message: 'off' },
    { workflowId: 'wf-1', at: AT, seq: 1, type: 'DETECTED', actor: 'upkeep', message: 'found', details: { x: 1 } },
  ],
};

/** `SNAPSHOT` with `value` at `path` (`undefined`: the key removed). */
function changed(path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(SNAPSHOT) as Record<string | number, unknown>;
  let holder = copy;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (value === undefined) delete holder[last];
  else holder[last] = value;
  return copy;
}

/** `SNAPSHOT` with the first item of `list` twice. */
function doubled(list: 'components' | 'versions' | 'policies' | 'workflows' | 'events'): unknown {
  const copy = structuredClone(SNAPSHOT);
  (copy[list] as unknown[]).push(structuredClone(copy[list][0]));
  return copy;
}

const ROWS: [string, unknown][] = [
  ['the snapshot', SNAPSHOT],
  ['an empty snapshot', { format: 'upkeep-state/1', components: [], versions: [], policies: [], workflows: [], events: [] }],
  ['another format', changed(['format'], 'upkeep-state/2')],
  ['no components', changed(['components'], undefined)],
  ['an unknown top-level key', changed(['extra'], 1)],
  ['a key with "#"', changed(['components', 0, 'name'], 'a#b')],
  ['an empty current version', changed(['components', 0, 'current'], '')],
  ['a source without a type', changed(['components', 0, 'source'], { package: 'api' })],
  ['a time that is no time', changed(['components', 0, 'createdAt'], 'yesterday')],
  ['a revision of 0', changed(['versions', 0, 'firstSeenAt'], 5)],
  ['a broken policy', changed(['policies', 0, 'policy'], { name: 'Bad Name', priority: 1.5, actions: { decision: 'REJECT', defer_until: '2h' } })],
  ['a policy rule broken', changed(['policies', 0, 'policy', 'actions'], { decision: 'REJECT', defer_until: '2h' })],
  ['an unknown stage', changed(['workflows', 0, 'stage'], 'SHIPPED')],
  ['a history without times', changed(['workflows', 0, 'history'], [{ stage: 'DETECTED' }])],
  ['an event time not as toISOString writes it', changed(['events', 0, 'at'], '2025-01-02T03:04:05Z')],
  ['an event number too big', changed(['events', 1, 'seq'], 1e9)],
  ['an event of no stream', changed(['events', 3, 'workflowId'], 'wf-2')],
  ['a component twice', doubled('components')],
  ['a version twice', doubled('versions')],
  ['a policy twice', doubled('policies')],
  ['a workflow twice', doubled('workflows')],
  ['an event twice', doubled('events')],
  ['a duplicate next to a broken field', changed(['components'], [SNAPSHOT.components[0], { ...SNAPSHOT.components[0], rev: 0 }])],
  ['null', null],
  ['a list', []],
];

const PATHS: readonly (readonly (string | number)[])[] = [
  ['format'], ['components'], ['extra'], ['versions'], ['events'],
  ...['name', 'current', 'scheme', 'source', 'quarantined', 'createdAt', 'updatedAt', 'rev', 'previous'].map((k) => ['components', 0, k]),
  ['components', 0, 'source', 'type'],
  ...['component', 'version', 'firstSeenAt'].map((k) => ['versions', 0, k]),
  ...['name', 'priority', 'actions', 'conditions', 'colour'].map((k) => ['policies', 0, 'policy', k]),
  ...['rev', 'updatedAt', 'updatedBy'].map((k) => ['policies', 0, k]),
  ...['id', 'component', 'version', 'fromVersion', 'stage', 'history', 'rev'].map((k) => ['workflows', 0, k]),
  ['workflows', 0, 'history', 0, 'at'],
  ...['workflowId', 'at', 'seq', 'type', 'actor', 'message'].flatMap((k) => [['events', 0, k], ['events', 3, k]]),
];
const NEAR = fc.constantFrom(undefined, '', 'a#b', 'x', 'api', 'wf-1', 'patches', '2025-01-01T00:00:00Z', AT, 0, -1, 1.5, 2, 1e9, 'SHIPPED', 'upkeep-state/1', 'component:api', [], {});

describe('Schema: StateSnapshotSchema (held to the zod/mini schema it replaced)', () => {
  it.each(ROWS)('answers %s as the zod schema did', (_label, input) => {
    expect(now(StateSnapshotSchema, input, '(body)')).toStrictEqual(before(reference.StateSnapshotSchema, input, '(body)'));
  });

  it('accepts the snapshot', () => {
    expect(StateSnapshotSchema.validate(SNAPSHOT).issues).toBeUndefined();
  });

  it('answers any snapshot with a few things changed as the zod schema did', () => {
    const change = fc.tuple(fc.constantFrom(...PATHS), fc.oneof(NEAR, junk));
    fc.assert(fc.property(fc.array(change, { maxLength: 3 }), fc.option(fc.constantFrom('components', 'versions', 'policies', 'workflows', 'events'), { nil: undefined }), (changes, twice) => {
      const input = twice === undefined ? structuredClone(SNAPSHOT) : doubled(twice);
      for (const [path, value] of changes) {
        const holder = path.slice(0, -1).reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as Record<string | number, unknown>)[key] : undefined), input);
        if (typeof holder !== 'object' || holder === null) continue;
        if (value === undefined) delete (holder as Record<string | number, unknown>)[path.at(-1) as string];
        else (holder as Record<string | number, unknown>)[path.at(-1) as string] = value;
      }
      expect(now(StateSnapshotSchema, input, '(body)')).toStrictEqual(before(reference.StateSnapshotSchema, input, '(body)'));
    }), { numRuns: 1000 });
  });

  it('describes itself keyword for keyword as z.toJSONSchema did', () => {
    expect(ourJson(StateSnapshotSchema)).toBe(zodJson(reference.StateSnapshotSchema));
  });
});
