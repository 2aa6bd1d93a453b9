/**
 * Loading and vetting a state machine definition before the local runtime accepts it:
 * `${Placeholder}` substitution (as CDK's `definitionSubstitutions` does), the library's own
 * ASL validation, and the rules that keep local and AWS runs in step (DESIGN.md §3).
 */
import { readFile } from 'node:fs/promises';
import './polyfill.js';
import { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import type { Problem } from '../../../functions/core/errors.js';
import { StateMachineDefinitionError } from './errors.js';
import { findFunction, resolveTaskTarget } from './task-resources.js';
import type { JsonObject, JsonValue, TaskHandlers } from './types.js';

/** A definition as plain JSON, `States` keyed by state name. */
export interface AslDefinition extends JsonObject {
  StartAt: string;
  States: { [name: string]: JsonObject };
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;
// Fields the library ignores without a word; accepting them would make local runs lie.
const JSONATA_ONLY_FIELDS = ['Assign', 'Arguments', 'Output'] as const;
// asl-validator takes 100 ms or more per call; a definition already found valid is not re-checked.
const validTexts = new Set<string>();

/**
 * Reads a definition file (`.asl.json`), failing with the path when it is not JSON.
 *
 * @example
 * ```ts
 * const definition = await readDefinitionFile('statemachines/update-workflow.asl.json');
 * ```
 */
export async function readDefinitionFile(path: string): Promise<JsonValue> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new StateMachineDefinitionError([{ path, value: 'the file', message: `is not JSON: ${(error as Error).message}` }]);
  }
}

/**
 * Replaces every `${Name}` in keys and string values with `substitutions[Name]`. Every
 * placeholder must have a value: a missing one is an error naming where it is used.
 */
export function substitutePlaceholders(definition: JsonValue, substitutions: Readonly<Record<string, string>>): JsonValue {
  const problems: Problem[] = [];
  const replace = (text: string, path: string): string =>
    text.replace(PLACEHOLDER, (whole, name: string) => {
      const value = substitutions[name];
      if (value !== undefined) return value;
      problems.push({ path, value: whole, message: `has no substitution; add "${name}" to the substitutions` });
      return whole;
    });
  const walk = (value: JsonValue, path: string): JsonValue => {
    if (typeof value === 'string') return replace(value, path);
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}[${i}]`));
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [replace(key, path), walk(item, `${path}.${key}`)]));
  };
  const result = walk(definition, '$');
  if (problems.length > 0) throw new StateMachineDefinitionError(problems);
  return result;
}

/** Calls `visit` for every state, including those inside Parallel branches and Map processors. */
export function forEachState(definition: AslDefinition, visit: (name: string, state: JsonObject, path: string) => void, path = 'States'): void {
  for (const [name, state] of Object.entries(definition.States)) {
    visit(name, state, `${path}.${name}`);
    for (const [i, branch] of asArray(state.Branches).entries()) {
      if (isDefinition(branch)) forEachState(branch, visit, `${path}.${name}.Branches[${i}].States`);
    }
    for (const key of ['ItemProcessor', 'Iterator']) {
      const inner = state[key];
      if (isDefinition(inner)) forEachState(inner, visit, `${path}.${name}.${key}.States`);
    }
  }
}

/**
 * Checks `definition` and returns it typed, or throws {@link StateMachineDefinitionError}
 * listing every problem: invalid ASL, JSONata or `Assign`, a Task without an explicit
 * timeout, or a Task resource with no local handler.
 */
export function vetDefinition(definition: JsonValue, handlers: TaskHandlers): AslDefinition {
  if (!isDefinition(definition)) {
    throw new StateMachineDefinitionError([{ path: '$', value: describe(definition), message: 'must be an object with "StartAt" and "States"' }]);
  }
  const problems: Problem[] = [];
  if (definition.QueryLanguage === 'JSONata') {
    problems.push({ path: 'QueryLanguage', value: 'JSONata', message: 'JSONata is not supported locally; use JSONPath (remove QueryLanguage)' });
  }
  forEachState(definition, (_name, state, path) => {
    problems.push(...vetState(state, path, handlers));
  });
  const text = JSON.stringify(definition);
  if (problems.length === 0 && !validTexts.has(text)) {
    try {
      // The library's own validation (asl-validator) is what decides whether it can run the file.
      new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { checkArn: true, checkPaths: true } });
      validTexts.add(text);
    } catch (error) {
      problems.push({ path: '$', value: 'the definition', message: (error as Error).message });
    }
  }
  if (problems.length > 0) throw new StateMachineDefinitionError(problems);
  return definition;
}

function vetState(state: JsonObject, path: string, handlers: TaskHandlers): Problem[] {
  const problems: Problem[] = [];
  if (state.QueryLanguage === 'JSONata') {
    problems.push({ path: `${path}.QueryLanguage`, value: 'JSONata', message: 'JSONata is not supported locally; use JSONPath' });
  }
  for (const field of JSONATA_ONLY_FIELDS) {
    if (field in state) {
      problems.push({ path: `${path}.${field}`, value: describe(state[field] ?? null), message: `${field} is not supported locally (the local runner would ignore it); pass data through the state input instead` });
    }
  }
  if (state.Type === 'Map' && ('ItemReader' in state || 'ResultWriter' in state)) {
    problems.push({ path, value: 'ItemReader/ResultWriter', message: 'distributed Map is not supported locally; use an inline Map' });
  }
  if (state.Type !== 'Task') return problems;
  if (typeof state.TimeoutSeconds !== 'number' && typeof state.TimeoutSecondsPath !== 'string') {
    problems.push({ path: `${path}.TimeoutSeconds`, value: 'nothing', message: 'every Task needs an explicit TimeoutSeconds (or TimeoutSecondsPath); the local runner would default to 60 s and AWS to 99999999 s' });
  }
  const resource = typeof state.Resource === 'string' ? state.Resource : '';
  const target = resolveTaskTarget(resource, handlers);
  if (target === undefined) {
    problems.push({ path: `${path}.Resource`, value: resource, message: 'has no local handler; register it in handlers.functions (Lambda) or handlers.resources (other integrations)' });
  } else if (target.kind === 'lambda-invoke') {
    const parameters = isObject(state.Parameters) ? state.Parameters : {};
    const name = parameters.FunctionName;
    if (typeof name === 'string' && findFunction(handlers, name) === undefined) {
      problems.push({ path: `${path}.Parameters.FunctionName`, value: name, message: 'has no local handler; register it in handlers.functions' });
    } else if (typeof name !== 'string' && typeof parameters['FunctionName.$'] !== 'string') {
      problems.push({ path: `${path}.Parameters.FunctionName`, value: 'nothing', message: 'lambda:invoke needs Parameters.FunctionName' });
    }
  }
  return problems;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDefinition(value: unknown): value is AslDefinition {
  return isObject(value) && typeof value.StartAt === 'string' && isObject(value.States);
}

function asArray(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

function describe(value: JsonValue): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
