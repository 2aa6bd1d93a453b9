import { sendJson, startFakeServer, type FakeHttpServer } from './fake-http-server.js';
import { jsonBody, outcomeFor, ScriptedRun, throttle, urlOf } from './fake-ci-common.js';

/** A pipeline the fake keeps, with the variables it was created with. */
export interface FakeGitlabPipeline {
  readonly id: number;
  readonly ref: string;
  readonly variables: Readonly<Record<string, string>>;
  readonly via: 'api' | 'trigger';
  readonly script: ScriptedRun;
}

/** Options of {@link startFakeGitlab}. */
export interface FakeGitlabOptions {
  /** The project path, `group/app`; its numeric id is 77. */
  readonly project: string;
  /** The access token (`PRIVATE-TOKEN`). */
  readonly token: string;
  /** A pipeline trigger token (`glptt-…`) the trigger API accepts. */
  readonly triggerToken?: string;
  /** @default false - anyone may read pipelines and jobs (a public project) */
  readonly publicProject?: boolean;
  /** @default 100 - the most jobs on one page */
  readonly pageSize?: number;
}

/** The fake plus handles for tests. */
export interface FakeGitlab extends FakeHttpServer {
  readonly pipelines: FakeGitlabPipeline[];
  readonly throttle: { left: number };
}

const PROJECT_ID = 77;

/**
 * GitLab's REST API v4 as documented, under `/api/v4`: `POST /projects/:id/pipeline`
 * (variables as `[{key, value}]`), `POST /projects/:id/trigger/pipeline` (token in the body,
 * variables as a map), `GET /projects/:id/pipelines/:pid`, `GET …/jobs` with offset
 * pagination (`x-next-page`, `x-total-pages`), `POST …/cancel`; `:id` is the numeric id or
 * the URL-encoded path; `PRIVATE-TOKEN` auth, 401 `{"message":"401 Unauthorized"}`.
 * Pipelines go created → running → success/failed, one step per read.
 */
export async function startFakeGitlab(options: FakeGitlabOptions): Promise<FakeGitlab> {
  const pipelines: FakeGitlabPipeline[] = [];
  const budget = { left: 0 };
  let nextId = 5100;
  const view = (p: FakeGitlabPipeline) => ({
    id: p.id, iid: p.id - 5100, project_id: PROJECT_ID, ref: p.ref, source: p.via === 'api' ? 'api' : 'trigger',
    status: p.script.phase === 'queued' ? 'created' : p.script.phase === 'running' ? 'running' : p.script.result === 'cancelled' ? 'canceled' : p.script.result === 'success' ? 'success' : 'failed',
    web_url: `https://gitlab.example/${options.project}/-/pipelines/${p.id}`,
  });
  const jobs = (p: FakeGitlabPipeline) => ['build', 'test', 'lint', 'deploy'].map((name, i) => {
    const failed = p.script.result === 'failure' && name === 'deploy';
    return {
      id: p.id * 10 + i, name, stage: name, status: p.script.phase === 'done' ? (failed ? 'failed' : 'success') : 'pending', allow_failure: false,
      failure_reason: failed ? 'script_failure' : undefined,
      artifacts: name === 'build' || name === 'deploy'
        ? [{ file_type: 'archive', size: 1000 + i, filename: 'artifacts.zip', file_format: 'zip' }, { file_type: 'trace', size: 50, filename: 'job.log', file_format: null }]
        : [{ file_type: 'trace', size: 50, filename: 'job.log', file_format: null }],
    };
  });

  const server = await startFakeServer((req, res) => {
    const url = urlOf(req);
    // The project segment stays encoded (`group%2Fapp`): GitLab routes on it as one segment.
    const match = /^\/api\/v4\/projects\/([^/]+)\/(pipeline|trigger\/pipeline|pipelines\/(\d+)(\/jobs|\/cancel)?)$/.exec(url.pathname);
    const body = jsonBody(req.body);
    const viaTrigger = match?.[2] === 'trigger/pipeline';
    const authorised = viaTrigger
      ? options.triggerToken !== undefined && body?.token === options.triggerToken
      : req.headers['private-token'] === options.token || (req.method === 'GET' && options.publicProject === true && req.headers['private-token'] === undefined);
    if (!authorised) {
      sendJson(res, 401, { message: '401 Unauthorized' });
      return;
    }
    if (throttle(res, budget)) return;
    if (match === null || (match[1] !== encodeURIComponent(options.project) && match[1] !== String(PROJECT_ID))) {
      sendJson(res, 404, { message: '404 Project Not Found' });
      return;
    }
    if (match[3] === undefined && req.method === 'POST') {
      if (typeof body?.ref !== 'string') {
        sendJson(res, 400, { message: 'ref is missing' });
        return;
      }
      const variables = viaTrigger
        ? (body.variables ?? {}) as Record<string, string>
        : Object.fromEntries(((body.variables ?? []) as { key: string; value: string }[]).map((v) => [v.key, v.value]));
      nextId += 3;
      const created: FakeGitlabPipeline = { id: nextId, ref: body.ref, variables, via: viaTrigger ? 'trigger' : 'api', script: new ScriptedRun(outcomeFor(variables.UPKEEP_VERSION)) };
      pipelines.push(created);
      sendJson(res, 201, view(created));
      return;
    }
    const pipeline = pipelines.find((p) => String(p.id) === match[3]);
    if (pipeline === undefined) {
      sendJson(res, 404, { message: '404 Not found' });
    } else if (match[4] === '/cancel' && req.method === 'POST') {
      pipeline.script.cancel();
      sendJson(res, 200, view(pipeline));
    } else if (match[4] === '/jobs') {
      const all = jobs(pipeline);
      const perPage = Math.min(options.pageSize ?? 100, Number(url.searchParams.get('per_page') ?? '20'));
      const page = Number(url.searchParams.get('page') ?? '1');
      const totalPages = Math.max(1, Math.ceil(all.length / perPage));
      sendJson(res, 200, all.slice((page - 1) * perPage, page * perPage), {
        'x-page': String(page), 'x-per-page': String(perPage), 'x-total': String(all.length), 'x-total-pages': String(totalPages),
        'x-next-page': page < totalPages ? String(page + 1) : '',
      });
    } else {
      pipeline.script.advance();
      sendJson(res, 200, view(pipeline));
    }
  });
  return Object.assign(server, { pipelines, throttle: budget });
}
