import type * as z from 'zod';
import type { Problem } from '../errors.js';
import { closest } from './closest.js';
import { kindOf, noun } from './messages.js';

/** A problem in a file, with where it is when known. */
export interface ConfigProblem extends Problem {
  /** 1-based line and column in the file. */
  readonly line?: number;
  readonly column?: number;
}

/** How the problem reporter sees the document: values and their places, by path. */
export interface DocumentView {
  /** The value at `path`, rendered for a person; `''` when nothing is there. */
  render(path: readonly PropertyKey[]): string;
  /** Where `path` is in the file (its key when `key` is set), when known. */
  locate(path: readonly PropertyKey[], key?: boolean): { readonly line: number; readonly column: number } | undefined;
  /** The plain value at `path`. */
  valueAt(path: readonly PropertyKey[]): unknown;
}

/** `components[1].source.url`; the root is `(top level)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** How a message names the thing at `path`: its key, or `days[1]` for a list item. */
function label(path: readonly PropertyKey[]): string {
  const last = path.at(-1);
  if (last === undefined) return 'The file';
  if (typeof last === 'number') return `\`${formatPath(path.slice(-2))}\``;
  return `\`${String(last)}\``;
}

/** Puts the key's name in front of a bare "must …" so each message reads on its own. */
function sentence(path: readonly PropertyKey[], message: string): string {
  return /^(?:must|is|has|cannot) /.test(message) ? `${label(path)} ${message}` : message;
}

interface SchemaDef {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly discriminator?: string;
  readonly values?: readonly unknown[];
}

const def = (schema: z.ZodType): SchemaDef => schema.def;
const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional']);

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const d = def(current);
    if (WRAPPERS.has(d.type)) current = d.innerType as z.ZodType;
    else if (d.type === 'pipe') current = d.in as z.ZodType;
    else return current;
  }
}

/** The member of a union the data is meant for: by discriminator, else the first object member. */
function pick(schema: z.ZodType, data: unknown): z.ZodType {
  const d = def(schema);
  if (d.type !== 'union') return schema;
  const options = (d.options as readonly z.ZodType[]).map(unwrap);
  const tag = typeof data === 'object' && data !== null && d.discriminator !== undefined ? (data as Record<string, unknown>)[d.discriminator] : undefined;
  const tagged = options.find((o) => def(o).shape?.[d.discriminator as string] !== undefined && def(unwrap(def(o).shape?.[d.discriminator as string] as z.ZodType)).values?.includes(tag) === true);
  return tagged ?? options.find((o) => def(o).type === 'object') ?? schema;
}

/** The keys the schema allows at `path`, or none when it is not an object there. */
export function knownKeys(root: z.ZodType, path: readonly PropertyKey[], view: DocumentView): string[] {
  let schema: z.ZodType | undefined = root;
  for (let i = 0; i <= path.length && schema !== undefined; i += 1) {
    schema = pick(unwrap(schema), view.valueAt(path.slice(0, i)));
    if (i === path.length) break;
    const d = def(schema);
    schema = d.type === 'object' ? d.shape?.[String(path[i])] : d.type === 'array' ? d.element : d.type === 'record' ? d.valueType : undefined;
  }
  return schema === undefined ? [] : Object.keys(def(schema).shape ?? {});
}

function problem(view: DocumentView, path: readonly PropertyKey[], message: string, key = false): ConfigProblem {
  const where = view.locate(path, key) ?? view.locate(path.slice(0, -1));
  return { path: formatPath(path), value: view.render(path), message: sentence(path, message), ...where };
}

/** The value is not even of the member's base type (a list where a mapping was wanted). */
function wrongBaseType(issue: z.core.$ZodIssue): issue is z.core.$ZodIssueInvalidType {
  return issue.code === 'invalid_type' && issue.path.length === 0;
}

/** Turns zod's issues into problems a person can act on: path, value, and the fix. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], root: z.ZodType, view: DocumentView, base: readonly PropertyKey[] = []): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    const path = [...base, ...issue.path];
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeys(root, path, view);
        return issue.keys.map((key) => {
          const guess = closest(key, known);
          const hint = guess === undefined ? `known keys here: ${known.join(', ')}` : `did you mean \`${guess}\`?`;
          return problem(view, [...path, key], `is not a known key here; ${hint}`, true);
        });
      }
      case 'invalid_union': {
        // zod marks a bad discriminator with a note and the allowed values (not in its types).
        const tagged = issue as typeof issue & { readonly note?: string; readonly options: readonly unknown[] };
        if (tagged.note === 'No matching discriminator') {
          const allowed = tagged.options.map(String);
          const got = view.valueAt(path);
          const guess = typeof got === 'string' ? closest(got, allowed) : undefined;
          const lead = got === undefined ? 'is required' : 'must be one of the known kinds';
          return [problem(view, path, `${lead}: ${allowed.join(', ')}${guess === undefined ? '' : `; did you mean \`${guess}\`?`}`)];
        }
        // Report the member the value was evidently written for (its base type matched).
        const matching = issue.errors.filter((errors) => !errors.some(wrongBaseType));
        if (matching.length > 0) {
          const fewest = matching.reduce((a, b) => (b.length < a.length ? b : a));
          return describeIssues(fewest, root, view, path);
        }
        const kinds = [...new Set(issue.errors.flatMap((errors) => errors.filter(wrongBaseType).map((e) => noun(e.expected))))];
        return [problem(view, path, `must be ${kinds.join(' or ')}, got ${kindOf(view.valueAt(path))}`)];
      }
      case 'invalid_key':
        return issue.issues.map((inner) => ({
          ...problem(view, path, `The name ${inner.message}`, true),
          value: JSON.stringify(String(path.at(-1))),
        }));
      case 'invalid_value': {
        const got = view.valueAt(path);
        const guess = typeof got === 'string' ? closest(got, issue.values.map(String)) : undefined;
        return [problem(view, path, guess === undefined ? issue.message : `${issue.message}; did you mean "${guess}"?`)];
      }
      default:
        return [problem(view, path, issue.message)];
    }
  });
}
