/** Shared bits of the local ASL runtime tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { JsonObject } from '../../../../infra/local/asl/types.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/asl/', import.meta.url));

/** Path of a fixture under test/fixtures/asl. */
export function fixturePath(name: string): string {
  return `${FIXTURES}${name}.asl.json`;
}

/** A fixture definition, parsed. */
export function fixture(name: string): JsonObject {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as JsonObject;
}

/** An error whose `name` is what ASL Retry/Catch match on. */
export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Resolves when `predicate` holds, polling every 5 ms; fails after `ms`. */
export async function until(predicate: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
