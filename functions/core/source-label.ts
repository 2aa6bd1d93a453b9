import type { SourceConfig } from './config/source-schema.js';

/**
 * A source as people read it: its type and what identifies it (`npm:left-pad`,
 * `maven:org.example:app`), as detection results show it.
 *
 * @example
 * ```ts
 * describeSource({ type: 'github-release', repository: 'acme/api', api: 'https://api.github.com', includeTags: false }); // 'github:acme/api'
 * ```
 */
export function describeSource(source: SourceConfig): string {
  switch (source.type) {
    case 'npm': return `npm:${source.package}`;
    case 'git': return `git:${source.url}`;
    case 'oci': return `oci:${source.image}`;
    case 'pypi': return `pypi:${source.package}`;
    case 'github-release': return `github:${source.repository}`;
    case 'maven': return `maven:${source.groupId}:${source.artifactId}`;
    case 'http-json': return `http-json:${source.url}`;
  }
}
