import { describe, expect, it } from 'vitest';
import { parseJUnit } from '../../../../infra/local/build-runner/index.js';

describe('Function: parseJUnit', () => {
  it('counts passed, failed (failure or error) and skipped test cases; run excludes skipped', () => {
    // Prepare
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="all" tests="99">
        <testsuite name="a" tests="3">
          <testcase classname="a" name="ok"><system-out>fine</system-out></testcase>
          <testcase classname="a" name="bad"><failure message="x" type="AssertionError"><![CDATA[expected <b> got <a>]]></failure></testcase>
          <testcase classname="a" name="crash"><error message="boom"/></testcase>
        </testsuite>
        <testsuite name="b"><testcase name="later"><skipped message="todo"/></testcase><testcase name="ok2"/></testsuite>
      </testsuites>`;

    // Act / Assess
    expect(parseJUnit(xml)).toEqual({ run: 4, passed: 2, failed: 2, skipped: 1 });
  });

  it('ignores markup inside comments and CDATA', () => {
    // Prepare
    const xml = `<testsuite><!-- <testcase name="ghost"/> --><testcase name="real"><system-out><![CDATA[<testcase name="fake"><failure/></testcase>]]></system-out></testcase></testsuite>`;

    // Act / Assess
    expect(parseJUnit(xml)).toEqual({ run: 1, passed: 1, failed: 0, skipped: 0 });
  });

  it('reads namespaced tags, single-quoted attributes and a truncated file', () => {
    // Act / Assess
    expect(parseJUnit(`<j:testsuite name='x'><j:testcase name='a'/><j:testcase name='b'><j:failure/>`)).toEqual({ run: 2, passed: 1, failed: 1, skipped: 0 });
  });

  it('falls back to the outermost suites\' attributes when there are no test cases', () => {
    // Act / Assess
    expect(parseJUnit('<testsuites tests="100"><testsuite tests="10" failures="1" errors="1" skipped="2"/><testsuite tests="5"/></testsuites>'))
      .toEqual({ run: 13, passed: 11, failed: 2, skipped: 2 });
  });

  it('counts an empty suite as no tests', () => {
    // Act / Assess
    expect(parseJUnit('<testsuite name="none" tests="0"></testsuite>')).toEqual({ run: 0, passed: 0, failed: 0, skipped: 0 });
  });

  it('throws when the text is not a JUnit report', () => {
    // Act / Assess
    expect(() => parseJUnit('{"tests": 3}')).toThrow('not a JUnit XML report (no <testsuite> or <testsuites> element)');
    expect(() => parseJUnit('<html><body>502 Bad Gateway</body></html>')).toThrow(/not a JUnit XML report/);
  });
});
