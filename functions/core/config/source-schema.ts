import {
  boolean, discriminatedUnion, literal, optional, record, refine, strictObject, string, withDefault, type Output,
} from '../checks/index.js';

/*
 * Where a component's versions appear, in our own schema vocabulary (`functions/core/checks`) so
 * that the API function registering a component carries no schema library; `upkeep.yaml`
 * composes its zod form (`zod-form.ts`).
 */

/** A secret is referenced by name (Secrets Manager in AWS, env or `.upkeep/secrets` locally), never inline. */
export const SecretRefSchema = string({ pattern: /^[A-Za-z0-9/_+=.@-]{1,512}$/, messages: { pattern: 'must be a secret name (letters, digits, / _ + = . @ -), not the secret itself' } });

const httpUrl = refine(
  string({ url: true, messages: { url: 'must be an absolute URL such as "https://registry.example.com"' } }),
  (u) => /^https?:\/\//.test(u),
  { message: 'must use http:// or https://' },
);

const advisories = strictObject({
    /** Query OSV (`/v1/query`) for advisories affecting the current and candidate versions. */
    osv: withDefault(boolean(), false),
    /** OSV API base, for mirrors and tests. */
    url: withDefault(httpUrl, 'https://api.osv.dev'),
});

export const NpmSourceSchema = strictObject({
    type: literal('npm'),
    package: string({ pattern: /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/, messages: { pattern: 'must be an npm package name such as "left-pad" or "@scope/name"' } }),
    registry: withDefault(httpUrl, 'https://registry.npmjs.org'),
    tokenSecret: optional(SecretRefSchema),
    advisories: optional(advisories),
});

export const GitSourceSchema = strictObject({
    type: literal('git'),
    url: string({ minLength: 1, messages: { minLength: 'must be a git URL (https://, ssh://, git://, file:// or a path)' } }),
    /** Regex a tag must match; its first capture group (or the whole tag) is the version. */
    tagPattern: optional(string()),
    /** Only accept tags whose signature `git verify-tag` accepts. */
    verifySignatures: withDefault(boolean(), false),
});

export const OciSourceSchema = strictObject({
    type: literal('oci'),
    /** `host[:port]/path/name`; Docker Hub names without a host are read as `registry-1.docker.io/library/...`. */
    image: string({ pattern: /^[a-z0-9]+([._:-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/i, messages: { pattern: 'must be an image reference without a tag, such as "ghcr.io/org/app"' } }),
    credentialsSecret: optional(SecretRefSchema),
    /** Use plain HTTP (local registries only). */
    insecure: withDefault(boolean(), false),
});

export const PypiSourceSchema = strictObject({
    type: literal('pypi'),
    package: string({ pattern: /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/, messages: { pattern: 'must be a PyPI project name' } }),
    index: withDefault(httpUrl, 'https://pypi.org/pypi'),
    advisories: optional(advisories),
});

export const GithubReleaseSourceSchema = strictObject({
    type: literal('github-release'),
    repository: string({ pattern: /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, messages: { pattern: 'must be "owner/repo"' } }),
    api: withDefault(httpUrl, 'https://api.github.com'),
    tokenSecret: optional(SecretRefSchema),
    /** Also read plain tags when the repository publishes no releases. */
    includeTags: withDefault(boolean(), false),
});

export const MavenSourceSchema = strictObject({
    type: literal('maven'),
    repository: httpUrl,
    groupId: string({ pattern: /^[A-Za-z0-9_.-]+$/, messages: { pattern: 'must be a Maven groupId such as "org.example"' } }),
    artifactId: string({ pattern: /^[A-Za-z0-9_.-]+$/, messages: { pattern: 'must be a Maven artifactId' } }),
    credentialsSecret: optional(SecretRefSchema),
    advisories: optional(advisories),
});

export const HttpJsonSourceSchema = strictObject({
    type: literal('http-json'),
    url: httpUrl,
    /** Dotted path to the versions; `*` walks an array, e.g. `releases.*.version`. */
    versionsPath: string({ minLength: 1 }),
    /** Optional dotted paths, relative to each version's object, for extra facts. */
    releasedAtPath: optional(string()),
    checksumPath: optional(string()),
    headers: optional(record(string())),
    tokenSecret: optional(SecretRefSchema),
});

/** Where new versions of a component appear, tagged by `type`. */
export const SourceSchema = discriminatedUnion('type', [
  NpmSourceSchema,
  GitSourceSchema,
  OciSourceSchema,
  PypiSourceSchema,
  GithubReleaseSourceSchema,
  MavenSourceSchema,
  HttpJsonSourceSchema,
]);

export type SourceConfig = Output<typeof SourceSchema>;
export type SourceType = SourceConfig['type'];
export type NpmSource = Output<typeof NpmSourceSchema>;
export type GitSource = Output<typeof GitSourceSchema>;
export type OciSource = Output<typeof OciSourceSchema>;
export type PypiSource = Output<typeof PypiSourceSchema>;
export type GithubReleaseSource = Output<typeof GithubReleaseSourceSchema>;
export type MavenSource = Output<typeof MavenSourceSchema>;
export type HttpJsonSource = Output<typeof HttpJsonSourceSchema>;
