import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Approval link secrets. A link carries a 256-bit random secret; the server keeps only its
 * SHA-256. The confirmation page's form carries a CSRF token derived from the secret, and the
 * server keeps only that token's hash, so the POST must come from someone who holds the link
 * and rendered the page's form.
 */
export function newLinkSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The key the approval item is stored under. */
export function secretHash(secret: string): string {
  return sha256Hex(secret);
}

/** The CSRF token the confirmation page puts in its form. */
export function csrfToken(secret: string): string {
  return createHmac('sha256', secret).update('upkeep-approval-csrf').digest('base64url');
}

/** What the store keeps to check a presented CSRF token. */
export function csrfBinding(token: string): string {
  return sha256Hex(`csrf:${token}`);
}

/** The store key of an approver's API (not link) approval for a workflow. */
export function apiApprovalHash(workflowId: string, round: number, approver: string): string {
  return sha256Hex(`api:${workflowId}:${round}:${approver.toLowerCase()}`);
}

/** The binding API approvals use: the API authenticates the caller instead of a form. */
export const API_BINDING = sha256Hex('api-approval');

/** Constant-time string comparison. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
