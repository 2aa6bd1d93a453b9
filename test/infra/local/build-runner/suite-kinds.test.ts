import { describe, expect, it } from 'vitest';
import { suiteKindOf } from '../../../../infra/local/build-runner/index.js';

describe('Function: suiteKindOf', () => {
  it.each([
    ['unit', 'unit'],
    ['unit-tests', 'unit'],
    ['UnitTests', 'unit'],
    ['api_integration', 'integration'],
    ['e2e', 'integration'],
    ['perf.load', 'performance'],
    ['regression', 'regression'],
    ['compat-matrix', 'compatibility'],
    ['security-scan', 'security'],
    ['sec', 'security'],
  ] as const)('maps report group %s to %s', (name, kind) => {
    // Act / Assess
    expect(suiteKindOf(name)).toBe(kind);
  });

  it('takes the first word that names a kind', () => {
    // Act / Assess
    expect(suiteKindOf('security-regression')).toBe('security');
  });

  it.each(['coverage', 'lint', 'community', 'unittesting-notes'])('leaves %s without a kind', (name) => {
    // Act / Assess
    expect(suiteKindOf(name)).toBeUndefined();
  });
});
