/**
 * The environment a build sees, built from nothing: the runner's own environment (and any secret
 * in it) never reaches the commands. Precedence follows CodeBuild: buildspec variables, then the
 * project's, then the request's; `CODEBUILD_*` are the runner's and cannot be overridden.
 */
import type { Secrets } from '../../../functions/ports/secrets.js';
import type { BuildProject } from './build-project.js';
import type { Buildspec } from './buildspec.js';
import { BuildSetupError } from './errors.js';

/** Everything the environment is made of. */
export interface EnvironmentInputs {
  readonly buildId: string;
  readonly dirs: { readonly src: string; readonly home: string; readonly tmp: string };
  readonly spec: Buildspec;
  readonly project: BuildProject;
  /** `UPKEEP_*` facts of the request and checkout, then the request's own variables. */
  readonly upkeep: Readonly<Record<string, string>>;
  readonly requestVariables: Readonly<Record<string, string>>;
  /** Variable → secret reference, from the request (`SECRETS_MANAGER` overrides). */
  readonly requestSecrets: Readonly<Record<string, string>>;
  readonly codebuild: Readonly<Record<string, string>>;
  readonly secrets?: Secrets;
  readonly path: string;
  readonly lang: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The environment, and the secret values in it (for masking in the log). Throws
 * `BuildSetupError` for a variable name a shell cannot hold or a secret that cannot be read.
 */
export async function buildEnvironment(inputs: EnvironmentInputs): Promise<{ readonly env: Record<string, string>; readonly secretValues: string[] }> {
  const secretValues: string[] = [];
  const resolve = async (refs: Readonly<Record<string, string>>, where: string): Promise<Record<string, string>> => {
    const out: Record<string, string> = {};
    for (const [name, ref] of Object.entries(refs)) {
      out[name] = await readSecret(inputs.secrets, ref, `${where} variable ${name}`);
      secretValues.push(out[name]);
    }
    return out;
  };
  const env: Record<string, string> = {
    PATH: inputs.path,
    HOME: inputs.dirs.home,
    LANG: inputs.lang,
    TMPDIR: inputs.dirs.tmp,
    ...inputs.spec.variables,
    ...(await resolve(inputs.spec.secrets, 'buildspec')),
    ...inputs.project.environment,
    ...(await resolve(inputs.project.secrets ?? {}, 'project')),
    ...inputs.upkeep,
    ...inputs.requestVariables,
    ...(await resolve(inputs.requestSecrets, 'request')),
  };
  for (const [name, value] of Object.entries(env)) {
    if (!NAME.test(name)) throw new BuildSetupError(`environment variable names must be letters, digits and _, got ${JSON.stringify(name)}`);
    if (name.startsWith('CODEBUILD_')) delete env[name];
    if (typeof value !== 'string') env[name] = String(value);
  }
  return { env: { ...env, ...inputs.codebuild }, secretValues };
}

/**
 * A secret by CodeBuild reference `name[:json-key[:version-stage[:version-id]]]`: the secret,
 * or one key of it when it holds JSON. Versions are not kept locally and are ignored.
 */
async function readSecret(secrets: Secrets | undefined, ref: string, what: string): Promise<string> {
  const [name = '', key] = ref.split(':');
  if (secrets === undefined) throw new BuildSetupError(`${what} needs secret ${name}, but the local build runner was given no secrets`);
  let value: string;
  try {
    value = await secrets.get(name);
  } catch (error) {
    throw new BuildSetupError(`${what} needs secret ${name}: ${(error as Error).message}`, { cause: error });
  }
  if (key === undefined || key === '') return value;
  try {
    const field = (JSON.parse(value) as Record<string, unknown>)[key];
    if (field !== undefined) return typeof field === 'string' ? field : JSON.stringify(field);
  } catch {
    // fall through: not JSON
  }
  throw new BuildSetupError(`${what} needs key ${key} of secret ${name}, which is not a JSON object holding that key`);
}
