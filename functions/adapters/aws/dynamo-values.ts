import { ValidationError } from '../../core/errors.js';

/** Page sizes the stores accept. */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;

/** The page size to ask DynamoDB for; throws `ValidationError` outside 1–{@link MAX_LIMIT}. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new ValidationError(`limit must be an integer from 1 to ${MAX_LIMIT}, got ${String(limit)}`, [
      { path: 'limit', value: String(limit), message: `must be an integer from 1 to ${MAX_LIMIT}` },
    ]);
  }
  return limit;
}

/**
 * `value` as `Date#toISOString` writes it. Instants are compared as strings inside
 * DynamoDB conditions and sort keys, which is only sound when they share one format.
 */
export function canonicalInstant(value: string, path: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new ValidationError(`${path} must be an ISO-8601 instant, got "${value}"`, [
      { path, value, message: 'must be an ISO-8601 instant such as 2025-01-31T12:00:00.000Z' },
    ]);
  }
  return date.toISOString();
}

/** Epoch seconds `days` after `instant`: the clean-up time written to `ttl`. */
export function ttlAfter(instant: string, days: number): number {
  return Math.floor(new Date(instant).getTime() / 1000) + days * 86_400;
}

/**
 * Rejects `#` in a name that sits in the middle of a composite key (`KEY#<component>#<version>`),
 * where it would make two different pairs collide; and empty names.
 */
export function keySafeName(value: string, path: string): string {
  if (value.length === 0 || value.includes('#')) {
    throw new ValidationError(`${path} must be non-empty and must not contain "#", got "${value}"`, [
      { path, value, message: 'must be non-empty and must not contain "#"' },
    ]);
  }
  return value;
}

/** Plain JSON data: drops `undefined` members (the document client rejects them unless configured otherwise). */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
