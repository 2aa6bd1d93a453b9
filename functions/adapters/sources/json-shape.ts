import { BadResponseError } from '../../core/errors.js';

/** A JSON object, as read from a peer: every field is unknown until checked. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` as an object, or a `BadResponseError` saying what `url` sent instead. */
export function expectObject(value: unknown, url: string, what: string): JsonObject {
  if (isObject(value)) return value;
  throw new BadResponseError(`${url} answered ${kind(value)} where ${what} should be an object`, { context: { url } });
}

/** `value` as an array, or a `BadResponseError` saying what `url` sent instead. */
export function expectArray(value: unknown, url: string, what: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  throw new BadResponseError(`${url} answered ${kind(value)} where ${what} should be an array`, { context: { url } });
}

/** A non-empty string field, else undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An ISO-8601 instant from a date string the peer sent, else undefined (never a guess). */
export function isoInstant(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}
