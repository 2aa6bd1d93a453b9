/** Where an image lives: the registry's base URL and the repository path on it. */
export interface OciReference {
  /** `https://ghcr.io`, `http://127.0.0.1:5000` */
  readonly baseUrl: string;
  /** `host[:port]` as written in references (`registry-1.docker.io` for Docker Hub). */
  readonly registry: string;
  /** `org/app`, `library/nginx` */
  readonly repository: string;
}

const DOCKER_HUB = 'registry-1.docker.io';

/**
 * Splits an image reference the way the Docker CLI does: the first path component is a
 * registry only when it has a `.` or `:` or is `localhost`; otherwise the image is on Docker
 * Hub, where one-component names live under `library/`.
 *
 * @example
 * ```ts
 * parseOciReference('nginx', false); // { baseUrl: 'https://registry-1.docker.io', repository: 'library/nginx', … }
 * ```
 */
export function parseOciReference(image: string, insecure: boolean): OciReference {
  const parts = image.split('/');
  const first = parts[0] ?? '';
  const hasHost = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasHost ? first.toLowerCase() : DOCKER_HUB;
  if (registry === 'docker.io' || registry === 'index.docker.io') registry = DOCKER_HUB;
  let repository = (hasHost ? parts.slice(1) : parts).join('/');
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  return { baseUrl: `${insecure ? 'http' : 'https'}://${registry}`, registry, repository };
}

/** The parameters of a `WWW-Authenticate` challenge (`Bearer realm="…",service="…",scope="…"`). */
export interface AuthChallenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Reads the first challenge of a `WWW-Authenticate` header, or undefined when there is none. */
export function parseChallenge(header: string | null): AuthChallenge | undefined {
  if (header === null) return undefined;
  const scheme = /^\s*([A-Za-z]+)/.exec(header)?.[1];
  if (scheme === undefined) return undefined;
  const params: Record<string, string> = {};
  for (const match of header.slice(header.indexOf(scheme) + scheme.length).matchAll(/([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    const [, key = '', quoted, bare] = match;
    params[key.toLowerCase()] = (quoted ?? bare ?? '').replace(/\\(.)/g, '$1');
  }
  return { scheme: scheme.toLowerCase(), params };
}
