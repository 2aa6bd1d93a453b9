/**
 * Reads an RFC 8288 `Link` header into `rel → absolute URL`, resolving relative targets
 * (the OCI distribution API sends `</v2/x/tags/list?last=y&n=50>; rel="next"`) against `base`.
 *
 * @example
 * ```ts
 * parseLinkHeader('<https://api.github.com/x?page=2>; rel="next"', 'https://api.github.com/x').next;
 * ```
 */
export function parseLinkHeader(header: string | null | undefined, base: string): Record<string, string> {
  const links: Record<string, string> = {};
  if (header === null || header === undefined) return links;
  for (const match of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    const target = match[1] ?? '';
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const names = (rel?.[1] ?? rel?.[2] ?? '').split(/\s+/).filter((name) => name !== '');
    let url: string;
    try {
      url = new URL(target, base).toString();
    } catch {
      continue;
    }
    for (const name of names) links[name.toLowerCase()] ??= url;
  }
  return links;
}
