import type { SourceType } from '../../core/config/source-schema.js';

/** Every source type, each once: the per-type `list-versions` functions are deployed for these. */
export const SOURCE_TYPES = ['npm', 'pypi', 'github-release', 'maven', 'http-json', 'git', 'oci'] as const satisfies readonly SourceType[];

/** The source types whose configuration can name a secret (`tokenSecret`, `credentialsSecret`); PyPI and git sources read none. */
export const SOURCE_TYPES_WITH_SECRETS: readonly SourceType[] = ['npm', 'oci', 'github-release', 'maven', 'http-json'];

// A source type added to the schema but not here fails to compile.
type Missing = Exclude<SourceType, (typeof SOURCE_TYPES)[number]>;
export const EVERY_SOURCE_TYPE_LISTED: Missing extends never ? true : Missing = true;

/** The variable that leaves the `type` source out of a bundle (see `createVersionSources`). */
export function omitSourceVariable(type: SourceType): string {
  return `UPKEEP_OMIT_SOURCE_${type.toUpperCase().replace(/-/g, '_')}`;
}
