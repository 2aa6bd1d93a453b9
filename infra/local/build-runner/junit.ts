/**
 * A JUnit XML reader with no XML dependency: it walks the tags (skipping comments, CDATA,
 * processing instructions and doctypes, so test output that looks like markup is never
 * counted) and counts `<testcase>` elements and what they contain.
 */

/** Counts of one JUnit report. `run` counts the tests that ran (passed + failed), not skipped ones. */
export interface JUnitCounts {
  readonly run: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

interface Tag {
  readonly name: string;
  readonly closing: boolean;
  readonly selfClosing: boolean;
  readonly attributes: Readonly<Record<string, string>>;
}

// Sticky: matched exactly at the `<` the scanner stands on.
const TAG = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const SKIPPED_SPANS: readonly (readonly [string, string])[] = [['<!--', '-->'], ['<![CDATA[', ']]>'], ['<?', '?>'], ['<!', '>']];

/**
 * Counts the tests of a JUnit XML document (`<testsuites>` or `<testsuite>` root, nested suites
 * allowed). A `<testcase>` holding `<failure>` or `<error>` failed, one holding `<skipped>` was
 * skipped, any other passed. A report with suites but no `<testcase>` elements is read from the
 * `tests`/`failures`/`errors`/`skipped` attributes of its outermost suites.
 *
 * Throws `Error` when the text has no `<testsuite>`/`<testsuites>` element: it is not a JUnit
 * report, and counting it as "no tests" would hide a broken reporter.
 *
 * @example
 * ```ts
 * parseJUnit('<testsuite><testcase name="a"/><testcase name="b"><failure/></testcase></testsuite>');
 * // → { run: 2, passed: 1, failed: 1, skipped: 0 }
 * ```
 */
export function parseJUnit(xml: string): JUnitCounts {
  let sawSuite = false;
  let suiteDepth = 0;
  let rootIsSuites = false;
  let inCase: { failed: boolean; skipped: boolean } | undefined;
  let cases = 0;
  let failed = 0;
  let skipped = 0;
  const fromAttributes = { tests: 0, failed: 0, skipped: 0 };
  const endCase = (): void => {
    if (inCase === undefined) return;
    cases += 1;
    if (inCase.failed) failed += 1;
    else if (inCase.skipped) skipped += 1;
    inCase = undefined;
  };
  for (const tag of tags(xml)) {
    if (tag.name === 'testsuite' || tag.name === 'testsuites') {
      sawSuite = true;
      if (tag.closing) suiteDepth = Math.max(0, suiteDepth - 1);
      else {
        // Totals come from the outermost suites: the root `<testsuite>`, or the children of a
        // `<testsuites>` root (whose own totals some reporters omit).
        if (suiteDepth === 0) rootIsSuites = tag.name === 'testsuites';
        const outermost = tag.name === 'testsuite' && suiteDepth === (rootIsSuites ? 1 : 0);
        if (outermost) addAttributeCounts(fromAttributes, tag.attributes);
        if (!tag.selfClosing) suiteDepth += 1;
      }
    } else if (tag.name === 'testcase') {
      if (tag.closing) endCase();
      else {
        endCase(); // an unclosed previous case (truncated or sloppy XML) still counts
        inCase = { failed: false, skipped: false };
        if (tag.selfClosing) endCase();
      }
    } else if (inCase !== undefined && !tag.closing) {
      if (tag.name === 'failure' || tag.name === 'error') inCase.failed = true;
      else if (tag.name === 'skipped') inCase.skipped = true;
    }
  }
  endCase();
  if (!sawSuite) throw new Error('not a JUnit XML report (no <testsuite> or <testsuites> element)');
  if (cases === 0 && fromAttributes.tests > 0) {
    const ran = Math.max(0, fromAttributes.tests - fromAttributes.skipped);
    const bad = Math.min(ran, fromAttributes.failed);
    return { run: ran, passed: ran - bad, failed: bad, skipped: fromAttributes.skipped };
  }
  return { run: cases - skipped, passed: cases - skipped - failed, failed, skipped };
}

/** Adds counts; used to total several report files of one suite. */
export function addCounts(a: JUnitCounts, b: JUnitCounts): JUnitCounts {
  return { run: a.run + b.run, passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped };
}

function addAttributeCounts(total: { tests: number; failed: number; skipped: number }, attributes: Readonly<Record<string, string>>): void {
  const n = (key: string): number => {
    const value = Number(attributes[key] ?? '0');
    return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
  };
  total.tests += n('tests');
  total.failed += n('failures') + n('errors');
  total.skipped += n('skipped') + n('disabled');
}

function* tags(xml: string): Generator<Tag> {
  let at = xml.indexOf('<');
  while (at !== -1 && at < xml.length) {
    const skip = SKIPPED_SPANS.find(([open]) => xml.startsWith(open, at));
    if (skip !== undefined) {
      const end = xml.indexOf(skip[1], at + skip[0].length);
      at = end === -1 ? -1 : xml.indexOf('<', end + skip[1].length);
      continue;
    }
    TAG.lastIndex = at;
    const match = TAG.exec(xml);
    if (match === null) {
      at = xml.indexOf('<', at + 1);
      continue;
    }
    const [, slash = '', rawName = '', rawAttributes = '', selfClose = ''] = match;
    const attributes: Record<string, string> = {};
    for (const a of rawAttributes.matchAll(ATTRIBUTE)) attributes[a[1] ?? ''] = a[2] ?? a[3] ?? '';
    yield { name: rawName.replace(/^.*:/, ''), closing: slash === '/', selfClosing: selfClose === '/', attributes };
    at = xml.indexOf('<', TAG.lastIndex);
  }
}
