/**
 * Which of the six suite kinds a report group stands for. CodeBuild knows report groups only by
 * name, so the name carries the kind.
 */
import { SUITE_KINDS, type SuiteKind } from '../../../functions/core/types.js';

/** Short names people give report groups, besides the kinds themselves. */
const ALIASES: Readonly<Record<string, SuiteKind>> = {
  units: 'unit',
  unittest: 'unit',
  unittests: 'unit',
  integ: 'integration',
  it: 'integration',
  e2e: 'integration',
  perf: 'performance',
  load: 'performance',
  regress: 'regression',
  compat: 'compatibility',
  sec: 'security',
};

/**
 * The suite kind of a report group, or `undefined` when its name names none.
 *
 * The rule: the name is lower-cased and split into words at anything that is not a letter or a
 * digit (`-`, `_`, `.`, `/`, spaces); the first word that is a suite kind (`unit`,
 * `integration`, `performance`, `regression`, `compatibility`, `security`) or one of the short
 * names (`unittest(s)`, `units` → unit; `integ`, `it`, `e2e` → integration; `perf`, `load` →
 * performance; `regress` → regression; `compat` → compatibility; `sec` → security) decides.
 * Several report groups of the same kind are added up.
 *
 * @example
 * ```ts
 * suiteKindOf('unit');              // 'unit'
 * suiteKindOf('unit-tests');        // 'unit'
 * suiteKindOf('api_integration');   // 'integration'
 * suiteKindOf('coverage');          // undefined
 * ```
 */
export function suiteKindOf(reportGroup: string): SuiteKind | undefined {
  for (const word of reportGroup.toLowerCase().split(/[^a-z0-9]+/)) {
    if ((SUITE_KINDS as readonly string[]).includes(word)) return word as SuiteKind;
    const alias = ALIASES[word];
    if (alias !== undefined) return alias;
  }
  return undefined;
}
