import type { SourceConfig } from '../functions/core/config/source-schema.js';
import type { UpkeepConfig } from '../functions/core/config/schema.js';
import type { ConfigProblem } from '../functions/core/config/problems.js';

/** Where a source looks, in a few words: `npm @acme/billing at https://registry.npmjs.org`. */
export function describeSource(source: SourceConfig): string {
  switch (source.type) {
    case 'npm':
      return `npm ${source.package} at ${source.registry}`;
    case 'git':
      return `git tags of ${source.url}${source.tagPattern === undefined ? '' : ` matching /${source.tagPattern}/`}`;
    case 'oci':
      return `image tags of ${source.image}`;
    case 'pypi':
      return `PyPI ${source.package} at ${source.index}`;
    case 'github-release':
      return `GitHub releases of ${source.repository}`;
    case 'maven':
      return `Maven ${source.groupId}:${source.artifactId} at ${source.repository}`;
    case 'http-json':
      return `JSON at ${source.url} (${source.versionsPath})`;
  }
}

/** One problem as a line: `path: message (got value)`, with its place in the file. */
export function formatProblem(problem: ConfigProblem, fileName: string): string {
  const got = problem.value === '' ? '' : ` (got ${problem.value})`;
  const at = problem.line === undefined ? '' : `  [${fileName}:${problem.line}:${problem.column}]`;
  return `${problem.path}: ${problem.message}${got}${at}`;
}

/** The counts `validate` and `start` show, as data for `--json`. */
export function summarize(config: UpkeepConfig): Record<string, unknown> {
  return {
    components: config.components.map((c) => ({ name: c.name, current: c.current, source: c.source.type })),
    policies: { own: config.policies.map((p) => p.name), includeDefaults: config.includeDefaultPolicies },
    windows: config.windows.map((w) => w.name),
    freezes: config.freezes.map((f) => f.name),
    approvers: config.approvers.length,
    detection: config.detection.schedule,
  };
}

/** The counts as lines for a person. */
export function summaryLines(config: UpkeepConfig): string[] {
  const names = (items: readonly { name: string }[]): string => (items.length === 0 ? '' : `: ${items.map((i) => i.name).join(', ')}`);
  const own = config.policies.length;
  return [
    `  components  ${config.components.length}${names(config.components)}`,
    `  policies    ${own} of your own${config.includeDefaultPolicies ? ', plus the shipped defaults' : ' (shipped defaults off)'}`,
    `  windows     ${config.windows.length}${names(config.windows)}`,
    `  freezes     ${config.freezes.length}${names(config.freezes)}`,
    `  approvers   ${config.approvers.length}`,
    `  detection   ${config.detection.schedule}`,
  ];
}
