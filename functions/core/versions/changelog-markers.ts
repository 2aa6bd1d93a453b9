/**
 * Phrases in release notes that announce a break. Each has a label for the reasons a person
 * reads. Negated phrasings ("no breaking changes", "non-breaking") are excluded, because
 * release notes say that often and a false alarm would send every patch to manual review.
 */
const MARKERS: readonly { readonly label: string; readonly pattern: RegExp }[] = [
  { label: 'BREAKING CHANGE', pattern: /(?<!\b(?:no|non|without|zero)[\s-]+)\bbreaking[\s-]changes?\b/i },
  { label: 'BREAKING:', pattern: /(?<!\b(?:no|non)[\s-]+)\bbreaking\s*:/i },
  // Conventional commits mark a break with `!` before the colon: `feat!: …`, `refactor(api)!: …`.
  { label: 'conventional-commit "!:"', pattern: /^\s*(?:[-*]\s+)?[a-z]+(?:\([^)\n]*\))?!:/im },
  { label: 'backwards incompatible', pattern: /(?<!\bnot\s+)\bbackwards?[\s-]incompatib/i },
  { label: 'incompatible change', pattern: /(?<!\b(?:no|not|non|backwards?)[\s-]+)\bincompatible changes?\b/i },
  { label: 'removed support', pattern: /\b(?:removed|drops?|dropped|dropping)\s+support\b/i },
  { label: 'no longer supported', pattern: /\bno longer (?:supports?|supported)\b/i },
];

/**
 * The labels of the breaking-change markers found in a changelog, in a fixed order.
 *
 * @example
 * ```ts
 * changelogMarkers('feat(api)!: drop the v1 endpoints\n\nBREAKING CHANGE: …'); // ['BREAKING CHANGE', 'conventional-commit "!:"']
 * changelogMarkers('Bug fixes. No breaking changes.');                        // []
 * ```
 */
export function changelogMarkers(changelog: string): string[] {
  return MARKERS.filter(({ pattern }) => pattern.test(changelog)).map(({ label }) => label);
}
