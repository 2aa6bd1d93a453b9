import compare from 'semver/functions/compare.js';
import valid from 'semver/functions/valid.js';

// Words that sort *after* the plain release they suffix (PEP 440 post releases, Maven service packs).
const AFTER_RELEASE = new Set(['post', 'rev', 'r', 'sp', 'patch', 'pl']);
// Words that mean the plain release itself (Maven qualifiers).
const SAME_AS_RELEASE = new Set(['final', 'ga', 'release']);

/**
 * Orders two version strings of any ecosystem well enough to evaluate advisory ranges and to
 * pick the newest tags: semver when both parse, otherwise a token comparison where numbers
 * compare as numbers and a word after the common prefix marks a pre-release (`1.0rc1 < 1.0`,
 * `1.0-SNAPSHOT < 1.0`) unless it is a post-release word (`1.0.post1 > 1.0`).
 * The core owns the real ordering; this is only for adapters.
 */
export function compareVersions(a: string, b: string): number {
  const sa = valid(a, { loose: true });
  const sb = valid(b, { loose: true });
  if (sa !== null && sb !== null) return compare(sa, sb, { loose: true });
  const ta = tokens(a);
  const tb = tokens(b);
  for (let i = 0; i < Math.max(ta.length, tb.length); i += 1) {
    const x = ta[i];
    const y = tb[i];
    if (x === undefined) return y === undefined ? 0 : -tail(y);
    if (y === undefined) return tail(x);
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Math.sign(Number(x) - Number(y));
    if (nx !== ny) return nx ? 1 : -1;
    // Two words: a post-release word outranks a pre-release word; otherwise alphabetical.
    if (tail(x) !== tail(y)) return tail(x);
    return x < y ? -1 : 1;
  }
  return 0;
}

/** The sign of `extra + rest` against nothing: numbers and post words add, other words subtract. */
function tail(token: string): number {
  if (/^\d+$/.test(token) || AFTER_RELEASE.has(token)) return 1;
  return -1;
}

function tokens(version: string): string[] {
  const all = version.toLowerCase().replace(/^v(?=\d)/, '').match(/\d+|[a-z]+/g) ?? [];
  return all.filter((token) => !SAME_AS_RELEASE.has(token));
}
