import { ValidationError } from '../../core/errors.js';

/** A DynamoDB key as the document client returns it in `LastEvaluatedKey`. */
export type DynamoKey = Record<string, unknown>;

/**
 * Turns `LastEvaluatedKey` into an opaque cursor bound to one listing (`scope`), so that a
 * cursor from one listing cannot be replayed against another.
 */
export function encodeCursor(scope: string, key: DynamoKey): string {
  return Buffer.from(JSON.stringify({ s: scope, k: key }), 'utf8').toString('base64url');
}

/** The `ExclusiveStartKey` inside `cursor`; throws `ValidationError` when it is not one of ours for `scope`. */
export function decodeCursor(scope: string, cursor: string): DynamoKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const candidate = parsed as { s?: unknown; k?: unknown } | undefined;
  const key = candidate?.k;
  const valid =
    candidate?.s === scope &&
    typeof key === 'object' &&
    key !== null &&
    !Array.isArray(key) &&
    Object.values(key).every((value) => typeof value === 'string');
  if (!valid) {
    const shown = cursor.length > 40 ? `${cursor.slice(0, 40)}…` : cursor;
    throw new ValidationError('cursor is not valid for this listing', [
      { path: 'cursor', value: shown, message: 'must be the cursor returned by the previous page of the same listing' },
    ]);
  }
  return key as DynamoKey;
}
