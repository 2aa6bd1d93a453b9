/**
 * The file globs buildspec `reports` and `artifacts` use (`**`, `*`, `?`, `{a,b}`), matched
 * against the files under a base directory. Node 20 has no `fs.glob`, and the runner needs
 * only this much.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** @default 20_000 - a walk that big means the glob is far too broad for reports or artifacts */
const MAX_FILES = 20_000;

/**
 * A regular expression for a glob over `/`-separated relative paths. `**` spans directories
 * (`a/**\/b` also matches `a/b`), `*` and `?` stay within one path segment.
 *
 * @example
 * ```ts
 * globToRegExp('reports/**\/*.xml').test('reports/unit/a.xml'); // true
 * ```
 */
export function globToRegExp(glob: string): RegExp {
  const pattern = glob.replace(/^\.\//, '');
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] ?? '';
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces += 1;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces -= 1;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  return new RegExp(`^${out}${')'.repeat(braces)}$`);
}

/**
 * Files (not directories) under `base` matching any of `globs`, as sorted `/`-separated paths
 * relative to `base`. `.git` directories and symbolic links to directories are not entered.
 * A base directory that does not exist matches nothing.
 */
export async function findFiles(base: string, globs: readonly string[]): Promise<string[]> {
  const matchers = globs.map(globToRegExp);
  const found: string[] = [];
  let seen = 0;
  const walk = async (relative: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(join(base, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      seen += 1;
      if (seen > MAX_FILES) return;
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== '.git') await walk(path);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && matchers.some((m) => m.test(path))) {
        found.push(path);
      }
    }
  };
  await walk('');
  return found.sort();
}

/** True when `path` (from a buildspec) stays inside the directory it is relative to. */
export function staysInside(path: string): boolean {
  return !path.startsWith('/') && !path.split('/').includes('..');
}
