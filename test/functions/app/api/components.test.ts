import { describe, expect, it } from 'vitest';
import { listComponents, registerComponent, releaseVersion } from '../../../../functions/app/api/components.js';
import { NotFoundError, ValidationError } from '../../../../functions/core/errors.js';
import { fakeAppDeps, seedComponents } from '../../../support/fakes/index.js';

const OPS = 'ops@example.com';
const NPM = { type: 'npm' as const, package: 'web', registry: 'https://registry.example.test' };

describe('Use case: components', () => {
  describe('Function: registerComponent', () => {
    it('registers a new component at its version and audits who did it', async () => {
      // Prepare
      const deps = fakeAppDeps();

      // Act
      const result = await registerComponent(deps, { component: 'web', version: '2.0.0', source: NPM, scheme: 'semver' }, OPS);

      // Assess
      expect(result).toMatchObject({ status: 201, changed: true, component: { name: 'web', current: '2.0.0', scheme: 'semver', quarantined: [] } });
      expect(deps.audit.events('component:web')).toEqual([expect.objectContaining({ type: 'COMPONENT_REGISTERED', actor: OPS })]);
    });

    it('records a new running version of a known component, keeping the old one as previous', async () => {
      // Prepare
      const deps = fakeAppDeps();
      await seedComponents(deps);

      // Act
      const result = await registerComponent(deps, { component: 'api', version: '1.4.5' }, OPS);

      // Assess
      expect(result.component).toMatchObject({ current: '1.4.5', previous: '1.4.0', rev: 2 });
      expect(deps.audit.events('component:api').map((e) => [e.type, e.actor])).toEqual([['VERSION_REGISTERED', OPS]]);
    });

    it('changes nothing when the version already runs', async () => {
      // Prepare
      const deps = fakeAppDeps();
      await seedComponents(deps);

      // Act
      const result = await registerComponent(deps, { component: 'api', version: '1.4.0' }, OPS);

      // Assess
      expect(result).toMatchObject({ status: 200, changed: false });
      expect(deps.components.peek('api')?.rev).toBe(1);
      expect(deps.audit.events()).toEqual([]);
    });

    it('asks for a source when the component is new, naming the field and the fix', async () => {
      // Prepare
      const deps = fakeAppDeps();

      // Act
      const attempt = registerComponent(deps, { component: 'web', version: '2.0.0' }, OPS);

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toMatchObject({ problems: [{ path: 'source', value: '(missing)', message: expect.stringContaining('required for a new component') as string }] });
      expect(deps.components.peek('web')).toBeUndefined();
    });

    it('refuses a quarantined version and says how to release it', async () => {
      // Prepare
      const deps = fakeAppDeps();
      await seedComponents(deps);
      await deps.components.quarantine('api', '1.5.0', deps.clock.now().toISOString());

      // Act
      const attempt = registerComponent(deps, { component: 'api', version: '1.5.0' }, OPS);

      // Assess
      await expect(attempt).rejects.toMatchObject({ problems: [{ path: 'version', message: expect.stringContaining('/components/api/release/1.5.0') as string }] });
      expect(deps.components.peek('api')?.current).toBe('1.4.0');
    });

    it('refuses a version its scheme cannot read', async () => {
      // Prepare
      const deps = fakeAppDeps();
      await seedComponents(deps);

      // Act + Assess
      await expect(registerComponent(deps, { component: 'api', version: 'banana' }, OPS)).rejects.toMatchObject({ problems: [{ path: 'version', value: 'banana' }] });
    });
  });

  describe('Function: releaseVersion', () => {
    it('takes a version out of quarantine and audits it', async () => {
      // Prepare
      const deps = fakeAppDeps();
      await seedComponents(deps);
      await deps.components.quarantine('api', '1.5.0', deps.clock.now().toISOString());

      // Act
      const released = await releaseVersion(deps, 'api', '1.5.0', OPS);

      // Assess
      expect(released.quarantined).toEqual([]);
      expect(deps.audit.events('component:api')).toEqual([expect.objectContaining({ type: 'RELEASED', actor: OPS, details: { version: '1.5.0' } })]);
    });

    it('answers NotFoundError for a version that is not quarantined, and for an unknown component', async () => {
      // Prepare
      const deps = fakeAppDeps();
      await seedComponents(deps);

      // Act + Assess
      await expect(releaseVersion(deps, 'api', '9.9.9', OPS)).rejects.toBeInstanceOf(NotFoundError);
      await expect(releaseVersion(deps, 'nope', '1.0.0', OPS)).rejects.toBeInstanceOf(NotFoundError);
      expect(deps.audit.events()).toEqual([]);
    });
  });

  describe('Function: listComponents', () => {
    it('shows the latest proposable version apart from the latest seen one', async () => {
      // Prepare
      const deps = fakeAppDeps();
      await seedComponents(deps);
      const at = deps.clock.now().toISOString();
      for (const version of ['1.10.0', '1.9.0', '1.3.0']) await deps.components.recordVersion({ component: 'api', version, firstSeenAt: at });
      await deps.components.quarantine('api', '1.10.0', at);

      // Act
      const { items } = await listComponents(deps);

      // Assess
      expect(items).toEqual([expect.objectContaining({ name: 'api', current: '1.4.0', available: '1.9.0', latestSeen: '1.10.0', quarantined: ['1.10.0'], highWaterMark: null })]);
    });
  });
});
