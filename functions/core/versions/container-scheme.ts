import { PRERELEASE_SUFFIX, prereleaseFrom } from './parsed-version.js';
import type { ParsedFields } from './parsed-version.js';

/*
 * Dotted numbers (any count: `20`, `1.25`, `1.2.3.4`), an optional prerelease (`-rc.1`,
 * `rc1`) and an optional `-variant` in the OCI tag alphabet. Tags that do not start with a
 * digit (`latest`, `stable`, `sha-1a2b3c`) are not versions and are not read.
 */
const CONTAINER_TAG = new RegExp(
  String.raw`^(?<numbers>\d{1,15}(?:\.\d{1,15})*)${PRERELEASE_SUFFIX}?(?:-(?<variant>[a-z0-9][a-z0-9._-]*))?$`,
  'i',
);

/**
 * Reads a container image tag. The variant (`alpine`, `bookworm-slim`, `alpine3.19`) must
 * match before one tag may replace another; the number of numeric fields is kept in
 * `release.length` so callers can refuse to swap a pinned `1.2.3` for a floating `1.3`.
 *
 * @example
 * ```ts
 * readContainerTag('1.2.3-alpine'); // { kind: 'container', release: [1, 2, 3], variant: 'alpine', … }
 * ```
 */
export function readContainerTag(text: string): ParsedFields | null {
  const groups = CONTAINER_TAG.exec(text)?.groups;
  if (groups === undefined) return null;
  return {
    kind: 'container',
    release: (groups.numbers as string).split('.').map(Number),
    prerelease: prereleaseFrom(groups),
    variant: groups.variant ?? '',
    build: '',
  };
}
