import { sendJson, startFakeServer, type FakeHttpServer } from './fake-http-server.js';
import { outcomeFor, ScriptedRun, throttle, urlOf } from './fake-ci-common.js';

/** A queue item the fake keeps; `build` is set once an executor picked it up. */
export interface FakeJenkinsItem {
  readonly id: number;
  readonly parameters: Readonly<Record<string, string>>;
  readonly script: ScriptedRun;
  /** Queue reads still to answer before an executor takes the item. */
  waitLooks: number;
  build?: number;
  cancelled: boolean;
  /** Jenkins forgets left items after about five minutes: then the queue API answers 404. */
  forgotten: boolean;
}

/** Options of {@link startFakeJenkins}. */
export interface FakeJenkinsOptions {
  /** Job path with folders, `deploy/api`. */
  readonly job: string;
  readonly user: string;
  readonly token: string;
  /** @default 1 - queue reads before a build starts */
  readonly waitLooks?: number;
}

/** The fake plus handles for tests. */
export interface FakeJenkins extends FakeHttpServer {
  readonly items: FakeJenkinsItem[];
  readonly throttle: { left: number };
}

const CRUMB = 'c0ffee';
const SESSION = 'JSESSIONID.fake=s3ss10n';

/**
 * Jenkins' remote access API as documented: `GET /crumbIssuer/api/json` (crumb bound to the
 * session cookie it sets), `POST /job/a/job/b/buildWithParameters` → 201 with
 * `Location: …/queue/item/<id>/`, `GET /queue/item/<id>/api/json` (`executable.number` once
 * started, `cancelled`), `POST /queue/cancelItem?id=`, `GET /job/…/<n>/api/json`
 * (`building`, `result`, `queueId`, `artifacts`), `GET /job/…/api/json?tree=builds[…]`,
 * `POST /job/…/<n>/stop`; Basic auth; 403 without a valid crumb.
 */
export async function startFakeJenkins(options: FakeJenkinsOptions): Promise<FakeJenkins> {
  const items: FakeJenkinsItem[] = [];
  const budget = { left: 0 };
  let nextQueueId = 300;
  let nextBuild = 40;
  const jobPath = `/job/${options.job.split('/').map(encodeURIComponent).join('/job/')}`;
  const basic = `Basic ${Buffer.from(`${options.user}:${options.token}`).toString('base64')}`;

  const server = await startFakeServer((req, res) => {
    if (req.headers.authorization !== basic) {
      res.writeHead(401, { 'content-type': 'text/html', 'www-authenticate': 'Basic realm="Jenkins"' }).end('<html>Unauthorized</html>');
      return;
    }
    if (throttle(res, budget)) return;
    const url = urlOf(req);
    if (req.method === 'POST' && (req.headers['jenkins-crumb'] !== CRUMB || req.headers.cookie !== SESSION)) {
      res.writeHead(403, { 'content-type': 'text/html' }).end('No valid crumb was included in the request');
      return;
    }
    if (url.pathname === '/crumbIssuer/api/json') {
      sendJson(res, 200, { _class: 'hudson.security.csrf.DefaultCrumbIssuer', crumb: CRUMB, crumbRequestField: 'Jenkins-Crumb' }, { 'set-cookie': `${SESSION}; Path=/; HttpOnly` });
      return;
    }
    const queue = /^\/queue\/item\/(\d+)\/api\/json$/.exec(url.pathname);
    if (queue !== null || url.pathname === '/queue/cancelItem') {
      const item = items.find((i) => String(i.id) === (queue?.[1] ?? url.searchParams.get('id')) && !i.forgotten);
      if (item === undefined) {
        res.writeHead(404).end();
      } else if (queue === null) {
        if (item.build === undefined) item.cancelled = true;
        res.writeHead(204).end();
      } else {
        if (!item.cancelled && item.build === undefined && (item.waitLooks -= 1) < 0) item.build = ++nextBuild;
        sendJson(res, 200, {
          _class: item.build !== undefined || item.cancelled ? 'hudson.model.Queue$LeftItem' : 'hudson.model.Queue$WaitingItem', id: item.id,
          cancelled: item.cancelled, why: item.build === undefined ? 'Waiting for next available executor' : null,
          executable: item.build === undefined ? null : { _class: 'org.jenkinsci.plugins.workflow.job.WorkflowRun', number: item.build, url: `${server.url}${jobPath}/${item.build}/` },
        });
      }
      return;
    }
    if (!url.pathname.startsWith(`${jobPath}/`)) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html>Not Found</html>');
      return;
    }
    const rest = url.pathname.slice(jobPath.length);
    if (rest === '/buildWithParameters' && req.method === 'POST') {
      const parameters = Object.fromEntries(new URLSearchParams(req.body));
      const item: FakeJenkinsItem = {
        id: (nextQueueId += 7), parameters, script: new ScriptedRun(outcomeFor(parameters.UPKEEP_VERSION)),
        waitLooks: options.waitLooks ?? 1, cancelled: false, forgotten: false,
      };
      items.push(item);
      res.writeHead(201, { location: `${server.url}/queue/item/${item.id}/` }).end();
      return;
    }
    if (rest === '/api/json') {
      const builds = items.filter((i) => i.build !== undefined).map((i) => ({ number: i.build, queueId: i.id })).reverse();
      sendJson(res, 200, { _class: 'org.jenkinsci.plugins.workflow.job.WorkflowJob', builds });
      return;
    }
    const build = /^\/(\d+)\/(api\/json|stop)$/.exec(rest);
    const item = items.find((i) => i.build !== undefined && String(i.build) === build?.[1]);
    if (build === null || item?.build === undefined) {
      res.writeHead(404).end();
    } else if (build[2] === 'stop' && req.method === 'POST') {
      item.script.cancel();
      res.writeHead(200).end();
    } else {
      item.script.advance();
      const done = item.script.phase === 'done';
      const result = { success: 'SUCCESS', failure: 'FAILURE', cancelled: 'ABORTED' }[item.script.result ?? 'success'];
      sendJson(res, 200, {
        _class: 'org.jenkinsci.plugins.workflow.job.WorkflowRun', number: item.build, queueId: item.id, url: `${server.url}${jobPath}/${item.build}/`,
        building: !done, result: done ? result : null,
        artifacts: done ? [{ displayPath: 'app.tgz', fileName: 'app.tgz', relativePath: 'dist/app.tgz' }, { displayPath: 'report 1.html', fileName: 'report 1.html', relativePath: 'reports/report 1.html' }] : [],
      });
    }
  });
  return Object.assign(server, { items, throttle: budget });
}
