import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../infra/aws/stack-config.js';
import { stageSmokeTests } from '../../../infra/aws/smoke-test-files.js';

const CASES = JSON.stringify({ cases: [{ name: 'health', payload: {}, expect: { statusCode: 200 } }] });

/** A one-component upkeep.yaml whose Lambda target names `smoke/api.json`, and where the stack would stage it. */
function setUp(smokeFile?: string): { configPath: string; configDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'upkeep-smoke-'));
  const configPath = join(dir, 'upkeep.yaml');
  writeFileSync(configPath, 'version: 1\ncomponents:\n  - name: api\n    current: "1.0.0"\n    source: { type: npm, package: api }\n    deploy:\n      target: { type: lambda, functionName: api }\n      smokeTest: smoke/api.json\n');
  if (smokeFile !== undefined) {
    mkdirSync(join(dir, 'smoke'));
    writeFileSync(join(dir, 'smoke', 'api.json'), smokeFile);
  }
  return { configPath, configDir: mkdtempSync(join(tmpdir(), 'upkeep-config-dir-')) };
}

describe('Function: stageSmokeTests', () => {
  it('copies a Lambda component\'s smoke cases beside the bundled configuration, at the same relative path', () => {
    // Prepare
    const { configPath, configDir } = setUp(CASES);
    // Act
    const staged = stageSmokeTests(loadConfig(configPath), configPath, configDir);
    // Assess
    expect(staged).toEqual(['smoke/api.json']);
    expect(readFileSync(join(configDir, 'smoke', 'api.json'), 'utf8')).toBe(CASES);
  });

  it('stops the synth when the file is missing, naming it and the fix', () => {
    const { configPath, configDir } = setUp();
    expect(() => stageSmokeTests(loadConfig(configPath), configPath, configDir)).toThrow(/^api: deploy\.smokeTest smoke\/api\.json must be a JSON file of smoke cases next to .*upkeep\.yaml \(ENOENT/);
  });

  it('stops the synth when the file lists no cases', () => {
    const { configPath, configDir } = setUp('{"cases": []}');
    expect(() => stageSmokeTests(loadConfig(configPath), configPath, configDir)).toThrow('api: deploy.smokeTest smoke/api.json lists no smoke cases; write { "cases": [{ "name", "payload", "expect" }] }');
  });

  it('stages nothing for components without smoke tests', () => {
    expect(stageSmokeTests(loadConfig('examples/upkeep.yaml'), 'examples/upkeep.yaml', mkdtempSync(join(tmpdir(), 'upkeep-config-dir-')))).toEqual([]);
  });
});
