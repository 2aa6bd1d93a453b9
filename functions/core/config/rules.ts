/**
 * Rules shared by the configuration's schemas and the API's request schemas
 * (`functions/app/api/request-schemas.ts`, with the API's own small schema vocabulary, and the
 * zod/mini document schemas): one wording of each rule.
 */

/** A component, window or rollout name. */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const NAME_RULE = 'must be a lower-case name of letters, digits, "-" or "_" (1–63 characters, e.g. "billing-api")';

/** What a version given as something other than a string is told. */
export const VERSION_TEXT_RULE = 'must be a version string; quote it in YAML, e.g. "1.10" (unquoted, 1.10 is read as the number 1.1)';

/** The push-notification providers `webhooks` in upkeep.yaml may name. */
export const WEBHOOK_PROVIDERS = ['github', 'npm', 'distribution', 'dockerhub'] as const;
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];
