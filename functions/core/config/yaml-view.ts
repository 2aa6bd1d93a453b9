import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { DocumentView } from './problems.js';

const MAX = 60;

/** Renders a value for a message: strings quoted, long things cut short. */
export function renderValue(value: unknown): string {
  if (value === undefined) return '';
  // Values come from YAML, so JSON can always render them (no functions, symbols or bigints).
  const text = JSON.stringify(value);
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

interface Found {
  readonly node?: Node | null;
  readonly key?: Node | null;
}

function find(doc: Document, path: readonly PropertyKey[]): Found | undefined {
  let found: Found = { node: doc.contents };
  for (const segment of path) {
    const node = found.node;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment);
      if (pair === undefined) return undefined;
      found = { node: pair.value as Node | null, key: pair.key as Node | null };
    } else if (isSeq(node) && typeof segment === 'number') {
      found = { node: node.items[segment] as Node | null };
    } else {
      return undefined;
    }
  }
  return found;
}

/**
 * A {@link DocumentView} over a parsed YAML document: values come from `data` (what was
 * validated), places and the source spelling of numbers from the document.
 */
export function yamlView(doc: Document, text: string, lines: LineCounter, data: unknown): DocumentView {
  const valueAt = (path: readonly PropertyKey[]): unknown => {
    let value = data;
    for (const segment of path) {
      if (typeof value !== 'object' || value === null) return undefined;
      value = (value as Record<PropertyKey, unknown>)[segment];
    }
    return value;
  };
  return {
    valueAt,
    render(path) {
      const value = valueAt(path);
      const node = find(doc, path)?.node;
      // YAML reads 1.10 as 1.1: show what the person wrote, not what the parser made of it.
      if (typeof value === 'number' && isScalar(node) && node.range !== undefined && node.range !== null) {
        return text.slice(node.range[0], node.range[1]);
      }
      return renderValue(value);
    },
    locate(path, key = false) {
      const found = find(doc, path);
      const node = key ? found?.key : found?.node;
      const offset = node?.range?.[0];
      if (offset === undefined) return undefined;
      const { line, col } = lines.linePos(offset);
      return { line, column: col };
    },
  };
}
