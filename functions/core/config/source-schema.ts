import * as z from '../zod-mini.js';

/** A secret is referenced by name (Secrets Manager in AWS, env or `.upkeep/secrets` locally), never inline. */
export const SecretRefSchema = z.string().check(z.regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'must be a secret name (letters, digits, / _ + = . @ -), not the secret itself'));

const httpUrl = z.string().check(
  z.url('must be an absolute URL such as "https://registry.example.com"'),
  z.refine((u) => /^https?:\/\//.test(u), { message: 'must use http:// or https://' }),
);

const advisories = z.strictObject({
    /** Query OSV (`/v1/query`) for advisories affecting the current and candidate versions. */
    osv: z._default(z.boolean(), false),
    /** OSV API base, for mirrors and tests. */
    url: z._default(httpUrl, 'https://api.osv.dev'),
});

export const NpmSourceSchema = z.strictObject({
    type: z.literal('npm'),
    package: z.string().check(z.regex(/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/, 'must be an npm package name such as "left-pad" or "@scope/name"')),
    registry: z._default(httpUrl, 'https://registry.npmjs.org'),
    tokenSecret: z.optional(SecretRefSchema),
    advisories: z.optional(advisories),
});

export const GitSourceSchema = z.strictObject({
    type: z.literal('git'),
    url: z.string().check(z.minLength(1, 'must be a git URL (https://, ssh://, git://, file:// or a path)')),
    /** Regex a tag must match; its first capture group (or the whole tag) is the version. */
    tagPattern: z.optional(z.string()),
    /** Only accept tags whose signature `git verify-tag` accepts. */
    verifySignatures: z._default(z.boolean(), false),
});

export const OciSourceSchema = z.strictObject({
    type: z.literal('oci'),
    /** `host[:port]/path/name`; Docker Hub names without a host are read as `registry-1.docker.io/library/...`. */
    image: z.string().check(z.regex(/^[a-z0-9]+([._:-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/i, 'must be an image reference without a tag, such as "ghcr.io/org/app"')),
    credentialsSecret: z.optional(SecretRefSchema),
    /** Use plain HTTP (local registries only). */
    insecure: z._default(z.boolean(), false),
});

export const PypiSourceSchema = z.strictObject({
    type: z.literal('pypi'),
    package: z.string().check(z.regex(/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/, 'must be a PyPI project name')),
    index: z._default(httpUrl, 'https://pypi.org/pypi'),
    advisories: z.optional(advisories),
});

export const GithubReleaseSourceSchema = z.strictObject({
    type: z.literal('github-release'),
    repository: z.string().check(z.regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be "owner/repo"')),
    api: z._default(httpUrl, 'https://api.github.com'),
    tokenSecret: z.optional(SecretRefSchema),
    /** Also read plain tags when the repository publishes no releases. */
    includeTags: z._default(z.boolean(), false),
});

export const MavenSourceSchema = z.strictObject({
    type: z.literal('maven'),
    repository: httpUrl,
    groupId: z.string().check(z.regex(/^[A-Za-z0-9_.-]+$/, 'must be a Maven groupId such as "org.example"')),
    artifactId: z.string().check(z.regex(/^[A-Za-z0-9_.-]+$/, 'must be a Maven artifactId')),
    credentialsSecret: z.optional(SecretRefSchema),
    advisories: z.optional(advisories),
});

export const HttpJsonSourceSchema = z.strictObject({
    type: z.literal('http-json'),
    url: httpUrl,
    /** Dotted path to the versions; `*` walks an array, e.g. `releases.*.version`. */
    versionsPath: z.string().check(z.minLength(1)),
    /** Optional dotted paths, relative to each version's object, for extra facts. */
    releasedAtPath: z.optional(z.string()),
    checksumPath: z.optional(z.string()),
    headers: z.optional(z.record(z.string(), z.string())),
    tokenSecret: z.optional(SecretRefSchema),
});

/** Where new versions of a component appear, tagged by `type`. */
export const SourceSchema = z.discriminatedUnion('type', [
  NpmSourceSchema,
  GitSourceSchema,
  OciSourceSchema,
  PypiSourceSchema,
  GithubReleaseSourceSchema,
  MavenSourceSchema,
  HttpJsonSourceSchema,
]);

export type SourceConfig = z.infer<typeof SourceSchema>;
export type SourceType = SourceConfig['type'];
export type NpmSource = z.infer<typeof NpmSourceSchema>;
export type GitSource = z.infer<typeof GitSourceSchema>;
export type OciSource = z.infer<typeof OciSourceSchema>;
export type PypiSource = z.infer<typeof PypiSourceSchema>;
export type GithubReleaseSource = z.infer<typeof GithubReleaseSourceSchema>;
export type MavenSource = z.infer<typeof MavenSourceSchema>;
export type HttpJsonSource = z.infer<typeof HttpJsonSourceSchema>;
