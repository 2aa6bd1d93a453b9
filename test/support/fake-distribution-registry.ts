import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './fake-ports.js';

/** Where Debian's `docker-registry` package puts the CNCF distribution registry. */
export const DISTRIBUTION_BINARY = '/usr/bin/docker-registry';

/** A running CNCF distribution registry on loopback. */
export interface DistributionRegistry {
  /** `127.0.0.1:<port>` */
  readonly host: string;
  readonly url: string;
  /** `Authorization` header value to push with, when htpasswd auth is on. */
  readonly pushAuth?: string;
  stop(): Promise<void>;
}

/** bcrypt of `upkeep-test-pw` (cost 4), for the htpasswd file. */
const HTPASSWD = 'robot:$2b$04$jOuTyaluBxryELyXqFb2b.4yXbwiv0w69vdZ9Sd4cpj2my8h91Y6m\n';
export const DISTRIBUTION_LOGIN = 'robot:upkeep-test-pw';

/**
 * Starts the real registry (`docker-registry serve <config>`) with filesystem storage in a
 * temporary directory, optionally behind htpasswd (Basic) auth.
 */
export async function startDistributionRegistry(options: { readonly htpasswd?: boolean } = {}): Promise<DistributionRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'upkeep-registry-'));
  const port = await freePort();
  const auth = options.htpasswd === true ? `auth:\n  htpasswd:\n    realm: upkeep-test\n    path: ${join(dir, 'htpasswd')}\n` : '';
  await writeFile(join(dir, 'htpasswd'), HTPASSWD);
  await writeFile(join(dir, 'config.yml'), [
    'version: 0.1',
    'log:\n  level: error\n  accesslog:\n    disabled: true',
    `storage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true`,
    `http:\n  addr: 127.0.0.1:${port}`,
    auth,
  ].join('\n'));
  const child: ChildProcess = spawn(DISTRIBUTION_BINARY, ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => [200, 401].includes((await fetch(`${url}/v2/`)).status), 15_000, 'docker-registry');
  return {
    host: `127.0.0.1:${port}`,
    url,
    ...(options.htpasswd === true ? { pushAuth: `Basic ${Buffer.from(DISTRIBUTION_LOGIN).toString('base64')}` } : {}),
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const distributionAvailable = (): boolean => existsSync(DISTRIBUTION_BINARY);

/**
 * Pushes a minimal OCI image (one config blob, one layer) as `name:tag` with the plain
 * distribution push protocol (monolithic blob uploads, then the manifest); returns the
 * manifest digest the registry reported.
 */
export async function pushImage(registry: DistributionRegistry, name: string, tag: string): Promise<string> {
  const headers: Record<string, string> = registry.pushAuth === undefined ? {} : { authorization: registry.pushAuth };
  const blob = async (content: Buffer): Promise<{ digest: string; size: number }> => {
    const digest = `sha256:${createHash('sha256').update(content).digest('hex')}`;
    const start = await fetch(`${registry.url}/v2/${name}/blobs/uploads/`, { method: 'POST', headers });
    if (start.status !== 202) throw new Error(`upload start answered ${start.status}`);
    const location = new URL(start.headers.get('location') ?? '', registry.url);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: content });
    if (put.status !== 201) throw new Error(`blob upload answered ${put.status}: ${await put.text()}`);
    return { digest, size: content.length };
  };
  const config = await blob(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Labels: { tag } }, rootfs: { type: 'layers', diff_ids: [] } })));
  const layer = await blob(Buffer.from(`layer of ${name}:${tag}`));
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
  });
  const put = await fetch(`${registry.url}/v2/${name}/manifests/${tag}`, {
    method: 'PUT', headers: { ...headers, 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: manifest,
  });
  if (put.status !== 201) throw new Error(`manifest upload answered ${put.status}: ${await put.text()}`);
  return put.headers.get('docker-content-digest') ?? '';
}
