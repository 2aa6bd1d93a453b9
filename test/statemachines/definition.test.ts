import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DEFINITION_PATH, PLACEHOLDERS } from '../../statemachines/substitutions.js';

const text = readFileSync(DEFINITION_PATH, 'utf8');
const definition = JSON.parse(text) as { States: Record<string, Record<string, unknown>> };

describe('File: update-workflow.asl.json', () => {
  it('uses exactly the placeholders listed in substitutions.ts', () => {
    // Act
    const used = new Set([...text.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]));

    // Assess
    expect([...used].sort()).toEqual([...PLACEHOLDERS].sort());
  });

  it('is accepted by asl-validator', () => {
    // Prepare
    const require = createRequire(import.meta.url);
    const validator = require('asl-validator') as (d: unknown) => { isValid: boolean; errorsText: (sep?: string) => string };

    // Act
    const result = validator(definition);

    // Assess
    expect(result.isValid, result.errorsText('\n')).toBe(true);
  });

  it('gives every Task an explicit timeout, because the local runner would default to 60 s', () => {
    const tasks = Object.entries(definition.States).filter(([, s]) => s.Type === 'Task');

    expect(tasks.length).toBeGreaterThan(5);
    for (const [name, state] of tasks) {
      expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath, `Task "${name}" has no TimeoutSeconds`).toBeDefined();
    }
  });

  it('keeps to JSONPath: no JSONata, no Assign, which the local runner would ignore silently', () => {
    expect(text).not.toMatch(/"QueryLanguage"\s*:\s*"JSONata"/);
    expect(text).not.toMatch(/"Assign"\s*:/);
    expect(text).not.toMatch(/\{%/);
  });

  it('takes every Wait time from an input path so local runs can compress time', () => {
    const waits = Object.entries(definition.States).filter(([, s]) => s.Type === 'Wait');

    for (const [name, state] of waits) {
      expect(state.TimestampPath ?? state.SecondsPath, `Wait "${name}" has a fixed time`).toBeDefined();
    }
  });
});
