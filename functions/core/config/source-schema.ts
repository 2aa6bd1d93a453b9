import * as z from 'zod';

/** A secret is referenced by name (Secrets Manager in AWS, env or `.upkeep/secrets` locally), never inline. */
export const SecretRefSchema = z
  .string()
  .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'must be a secret name (letters, digits, / _ + = . @ -), not the secret itself');

const httpUrl = z
  .string()
  .url('must be an absolute URL such as "https://registry.example.com"')
  .refine((u) => /^https?:\/\//.test(u), { message: 'must use http:// or https://' });

const advisories = z
  .object({
    /** Query OSV (`/v1/query`) for advisories affecting the current and candidate versions. */
    osv: z.boolean().default(false),
    /** OSV API base, for mirrors and tests. */
    url: httpUrl.default('https://api.osv.dev'),
  })
  .strict();

export const NpmSourceSchema = z
  .object({
    type: z.literal('npm'),
    package: z.string().regex(/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/, 'must be an npm package name such as "left-pad" or "@scope/name"'),
    registry: httpUrl.default('https://registry.npmjs.org'),
    tokenSecret: SecretRefSchema.optional(),
    advisories: advisories.optional(),
  })
  .strict();

export const GitSourceSchema = z
  .object({
    type: z.literal('git'),
    url: z.string().min(1, 'must be a git URL (https://, ssh://, git://, file:// or a path)'),
    /** Regex a tag must match; its first capture group (or the whole tag) is the version. */
    tagPattern: z.string().optional(),
    /** Only accept tags whose signature `git verify-tag` accepts. */
    verifySignatures: z.boolean().default(false),
  })
  .strict();

export const OciSourceSchema = z
  .object({
    type: z.literal('oci'),
    /** `host[:port]/path/name`; Docker Hub names without a host are read as `registry-1.docker.io/library/...`. */
    image: z.string().regex(/^[a-z0-9]+([._:-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/i, 'must be an image reference without a tag, such as "ghcr.io/org/app"'),
    credentialsSecret: SecretRefSchema.optional(),
    /** Use plain HTTP (local registries only). */
    insecure: z.boolean().default(false),
  })
  .strict();

export const PypiSourceSchema = z
  .object({
    type: z.literal('pypi'),
    package: z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/, 'must be a PyPI project name'),
    index: httpUrl.default('https://pypi.org/pypi'),
    advisories: advisories.optional(),
  })
  .strict();

export const GithubReleaseSourceSchema = z
  .object({
    type: z.literal('github-release'),
    repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be "owner/repo"'),
    api: httpUrl.default('https://api.github.com'),
    tokenSecret: SecretRefSchema.optional(),
    /** Also read plain tags when the repository publishes no releases. */
    includeTags: z.boolean().default(false),
  })
  .strict();

export const MavenSourceSchema = z
  .object({
    type: z.literal('maven'),
    repository: httpUrl,
    groupId: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be a Maven groupId such as "org.example"'),
    artifactId: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be a Maven artifactId'),
    credentialsSecret: SecretRefSchema.optional(),
    advisories: advisories.optional(),
  })
  .strict();

export const HttpJsonSourceSchema = z
  .object({
    type: z.literal('http-json'),
    url: httpUrl,
    /** Dotted path to the versions; `*` walks an array, e.g. `releases.*.version`. */
    versionsPath: z.string().min(1),
    /** Optional dotted paths, relative to each version's object, for extra facts. */
    releasedAtPath: z.string().optional(),
    checksumPath: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    tokenSecret: SecretRefSchema.optional(),
  })
  .strict();

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
