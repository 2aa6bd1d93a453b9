import { createHash } from 'node:crypto';
import { sendCacheable, sendJson, startFakeServer, type FakeHttpServer } from './fake-http-server.js';

/** One file of a release, as PyPI's JSON API lists it. */
export interface FakePypiFile {
  readonly filename: string;
  readonly packagetype: 'sdist' | 'bdist_wheel';
  readonly uploadedAt: string;
  readonly yanked?: boolean;
  readonly yankedReason?: string;
}

/**
 * PyPI's JSON API (`GET /pypi/<project>/json`, https://docs.pypi.org/api/json/) for the given
 * projects (keys are normalised names): `info`, `releases` with per-file digests, upload times
 * and PEP 592 yanking, ETags and 304s.
 */
export async function startFakePypiIndex(projects: Readonly<Record<string, Readonly<Record<string, readonly FakePypiFile[]>>>>): Promise<FakeHttpServer> {
  const server = await startFakeServer((req, res) => {
    const match = /^\/pypi\/([^/]+)\/json$/.exec(req.url ?? '');
    const name = match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
    const releases = name === undefined ? undefined : projects[name];
    if (name === undefined || releases === undefined) {
      sendJson(res, 404, { message: 'Not Found' });
      return;
    }
    const versions = Object.keys(releases);
    const doc = {
      info: { name, version: versions.at(-1), package_url: `${server.url}/project/${name}/`, project_url: `${server.url}/project/${name}/` },
      releases: Object.fromEntries(Object.entries(releases).map(([version, files]) => [version, files.map((file) => ({
        filename: file.filename,
        packagetype: file.packagetype,
        upload_time: file.uploadedAt.replace(/\.\d+Z$|Z$/, ''),
        upload_time_iso_8601: file.uploadedAt,
        digests: { sha256: createHash('sha256').update(file.filename).digest('hex'), md5: 'x' },
        yanked: file.yanked ?? false,
        yanked_reason: file.yankedReason ?? null,
        url: `${server.url}/packages/${file.filename}`,
      }))])),
      urls: [],
      vulnerabilities: [],
    };
    const body = JSON.stringify(doc);
    sendCacheable(req, res, `"${createHash('sha1').update(body).digest('hex')}"`, body, { 'content-type': 'application/json' });
  });
  return server;
}
