import { afterEach, describe, expect, it } from 'vitest';
import { PoliteHttpClient } from '../../../../functions/adapters/sources/http-client.js';
import { OsvClient } from '../../../../functions/adapters/sources/osv.js';
import { cvssScore, osvSeverity } from '../../../../functions/adapters/sources/osv-severity.js';
import type { FakeHttpServer } from '../../../support/fake-http-server.js';
import { startFakeOsvApi } from '../../../support/fake-osv-api.js';

let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const maven = (id: string, extra: Record<string, unknown>) => ({
  id,
  affected: [{ package: { ecosystem: 'Maven', name: 'org.acme:core' }, ...extra }],
});

describe('Class: OsvClient', () => {
  describe('Method: annotate', () => {
    it('follows next_page_token and matches listed versions, ranges and last_affected', async () => {
      // Prepare: page size 1, so three records are three pages.
      server = await startFakeOsvApi([
        maven('OSV-LISTED', { versions: ['1.0.0'] }),
        maven('OSV-RANGE', { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1.1.0' }, { fixed: '1.2.0' }, { introduced: '2.0.0-M1' }, { fixed: '2.0.1' }] }] }),
        { ...maven('OSV-LAST', { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { last_affected: '1.0.0' }] }] }), database_specific: { severity: 'LOW' } },
        { ...maven('OSV-WITHDRAWN', { versions: ['1.0.0'] }), withdrawn: '2024-01-01T00:00:00Z' },
      ], 1);
      const osv = new OsvClient(new PoliteHttpClient());
      const releases = ['1.0.0', '1.1.5', '1.2.0', '2.0.0', '2.0.1'].map((version) => ({ version }));

      // Act
      const annotated = await osv.annotate(releases, 'Maven', 'org.acme:core', `${server.url}/`);

      // Assess
      expect(server.requests).toHaveLength(4);
      expect(annotated.map((r) => (r.advisories ?? []).map((a) => a.id))).toEqual([
        ['OSV-LISTED', 'OSV-LAST'], ['OSV-RANGE'], [], ['OSV-RANGE'], [],
      ]);
      expect(annotated[1]?.advisories?.[0]).toMatchObject({
        affected: '>=1.1.0 <1.2.0 >=2.0.0-M1 <2.0.1', fixedIn: ['1.2.0', '2.0.1'], severity: 'MODERATE', url: 'https://osv.dev/vulnerability/OSV-RANGE',
      });
    });
  });
});

describe('Function: osvSeverity', () => {
  it('prefers the database label, maps MEDIUM to MODERATE, and falls back to CVSS', () => {
    expect(osvSeverity({ database_specific: { severity: 'MEDIUM' } }, [])).toBe('MODERATE');
    expect(osvSeverity({}, [{ ecosystem_specific: { severity: 'critical' } }])).toBe('CRITICAL');
    expect(osvSeverity({ severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:N' }] }, [])).toBe('LOW');
    expect(osvSeverity({ severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' }] }, [])).toBe('CRITICAL');
    expect(osvSeverity({}, [])).toBe('MODERATE');
  });
});

describe('Function: cvssScore', () => {
  it('computes CVSS v3.1 base scores as the specification does', () => {
    expect(cvssScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe(9.8);
    expect(cvssScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H')).toBe(10);
    expect(cvssScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N')).toBe(6.1);
    expect(cvssScore('CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N')).toBe(5.5);
    expect(cvssScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N')).toBe(0);
    expect(cvssScore('AV:N/AC:L/Au:N/C:P/I:P/A:P')).toBeUndefined();
  });
});
