import * as z from 'zod';
import { SecretRefSchema } from './source-schema.js';
import { zodOf } from './zod-form.js';

/** Secrets are named as a source names them (`source-schema.ts`). */
const SecretRef = zodOf(SecretRefSchema);

/**
 * Push notifications Upkeep accepts at `POST /api/self-update/webhooks/{provider}`. Each
 * provider names the secret that authenticates its deliveries (Secrets Manager in AWS, env or
 * `.upkeep/secrets` locally) — never the secret itself. A provider left out is refused.
 * A delivery only says "look at these components now": detection re-reads their sources.
 */

/** GitHub: `X-Hub-Signature-256`, an HMAC-SHA256 of the raw body keyed with the secret. */
export const GithubWebhookSchema = z
  .object({
    /** The name of the secret entered as the webhook's "Secret" in GitHub. */
    secret: SecretRef,
  })
  .strict();

/** npm hooks (`npm hook add … <secret>`): `x-npm-signature: sha256=<hmac of the body>`. */
export const NpmWebhookSchema = z
  .object({
    /** The name of the secret given to `npm hook add`. */
    secret: SecretRef,
  })
  .strict();

/**
 * The CNCF distribution registry's notifications. The registry cannot sign; its endpoint config
 * sends a fixed header (`headers: { Authorization: [Bearer <token>] }`), checked as a bearer token.
 */
export const DistributionWebhookSchema = z
  .object({
    /** The name of the secret holding the bearer token the registry sends. */
    tokenSecret: SecretRef,
  })
  .strict();

/**
 * Docker Hub webhooks carry no signature and no configurable header, so the only proof is a
 * token in the URL (`…/webhooks/dockerhub?token=<token>`). That URL is as secret as the token:
 * it shows in Docker Hub's settings and in access logs, and anyone holding it can make Upkeep
 * look at a Docker Hub component now (nothing more: detection trusts only the registry).
 */
export const DockerhubWebhookSchema = z
  .object({
    /** The name of the secret holding the token expected in the URL's `token` parameter. */
    tokenSecret: SecretRef,
  })
  .strict()
  .meta({ description: 'Docker Hub cannot sign deliveries: the token in the URL (?token=...) is the only proof, so keep that URL secret.' });

/** The `webhooks` section: one entry per provider whose deliveries are accepted. */
export const WebhooksSchema = z
  .object({
    github: GithubWebhookSchema.optional(),
    npm: NpmWebhookSchema.optional(),
    distribution: DistributionWebhookSchema.optional(),
    dockerhub: DockerhubWebhookSchema.optional(),
  })
  .strict()
  .meta({ description: 'Push notifications accepted at POST /api/self-update/webhooks/{provider}, each authenticated with a named secret.' });

/** The providers a webhook can come from, as they appear in the route and the config. */
export { WEBHOOK_PROVIDERS, type WebhookProvider } from './rules.js';
export type WebhooksConfig = z.infer<typeof WebhooksSchema>;
