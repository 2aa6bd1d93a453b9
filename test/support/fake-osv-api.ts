import { sendJson, startFakeServer, type FakeHttpServer } from './fake-http-server.js';

/**
 * OSV's `POST /v1/query` (https://google.github.io/osv.dev/post-v1-query/): answers the records
 * whose `affected[].package` matches the queried ecosystem and name, `{}` when none, and
 * pages with `next_page_token` when `pageSize` is set.
 */
export async function startFakeOsvApi(records: readonly Record<string, unknown>[], pageSize = 1_000): Promise<FakeHttpServer> {
  return startFakeServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/query') {
      sendJson(res, 404, { code: 5, message: 'Not Found' });
      return;
    }
    const query = JSON.parse(req.body) as { package?: { name?: string; ecosystem?: string }; page_token?: string };
    const matching = records.filter((record) =>
      (record.affected as { package: { name: string; ecosystem: string } }[]).some(
        (a) => a.package.name === query.package?.name && a.package.ecosystem === query.package.ecosystem,
      ),
    );
    const start = Number(query.page_token ?? '0');
    const page = matching.slice(start, start + pageSize);
    const next = start + pageSize < matching.length ? { next_page_token: String(start + pageSize) } : {};
    sendJson(res, 200, page.length === 0 ? {} : { vulns: page, ...next });
  });
}
