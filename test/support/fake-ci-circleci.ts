import { randomUUID } from 'node:crypto';
import { sendJson, startFakeServer, type FakeHttpServer } from './fake-http-server.js';
import { jsonBody, outcomeFor, ScriptedRun, throttle, urlOf } from './fake-ci-common.js';

/** A pipeline the fake keeps: two workflows, `build` (always passes) and `deploy`. */
export interface FakeCirclePipeline {
  readonly id: string;
  readonly number: number;
  readonly branch: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly workflows: readonly { readonly id: string; readonly name: string; readonly script: ScriptedRun }[];
  /** Workflow-list reads before the workflows exist (config still being compiled). */
  setupLooks: number;
  /** Set to make the pipeline fail to compile: it gets no workflows and state `errored`. */
  configError?: string;
}

/** Options of {@link startFakeCircleci}. */
export interface FakeCircleciOptions {
  /** `gh/acme/app` */
  readonly slug: string;
  readonly token: string;
  /** @default 20 - items per page of every list */
  readonly pageSize?: number;
}

/** The fake plus handles for tests. */
export interface FakeCircleci extends FakeHttpServer {
  readonly pipelines: FakeCirclePipeline[];
  readonly throttle: { left: number };
}

/**
 * CircleCI's API v2 as documented, under `/api/v2`: `POST /project/{slug}/pipeline` (201 with
 * `id`, `number`, `state`), `GET /pipeline/{id}`, `GET /pipeline/{id}/workflow`,
 * `GET /workflow/{id}/job`, `GET /project/{slug}/{job-number}/artifacts` — every list as
 * `{items, next_page_token}` read with `page-token` — and `POST /workflow/{id}/cancel`;
 * `Circle-Token` auth. Workflows go running → success/failed, one step per pipeline read.
 */
export async function startFakeCircleci(options: FakeCircleciOptions): Promise<FakeCircleci> {
  const pipelines: FakeCirclePipeline[] = [];
  const budget = { left: 0 };
  const pageSize = options.pageSize ?? 20;
  let nextNumber = 700;
  const page = (res: Parameters<typeof sendJson>[0], url: URL, items: readonly unknown[]): void => {
    const start = Number(url.searchParams.get('page-token') ?? '0');
    const next = start + pageSize < items.length ? String(start + pageSize) : null;
    sendJson(res, 200, { items: items.slice(start, start + pageSize), next_page_token: next });
  };
  const status = (script: ScriptedRun): string => (script.phase === 'queued' ? 'running' : script.phase === 'running' ? 'running' : script.result === 'cancelled' ? 'canceled' : script.result === 'success' ? 'success' : 'failed');

  const server = await startFakeServer((req, res) => {
    if (req.headers['circle-token'] !== options.token) {
      sendJson(res, 401, { message: 'Invalid token provided.' });
      return;
    }
    if (throttle(res, budget)) return;
    const url = urlOf(req);
    const path = url.pathname.replace(/^\/api\/v2/, '');
    const project = `/project/${options.slug}`;
    if (path === `${project}/pipeline` && req.method === 'POST') {
      const body = jsonBody(req.body) ?? {};
      const parameters = (body.parameters ?? {}) as Record<string, unknown>;
      const outcome = outcomeFor(typeof parameters.version === 'string' ? parameters.version : undefined);
      const created: FakeCirclePipeline = {
        id: randomUUID(), number: (nextNumber += 1), branch: String(body.branch), parameters, setupLooks: 1,
        workflows: [{ id: randomUUID(), name: 'build', script: new ScriptedRun('success') }, { id: randomUUID(), name: 'deploy', script: new ScriptedRun(outcome) }],
      };
      pipelines.push(created);
      sendJson(res, 201, { id: created.id, number: created.number, state: 'created', created_at: new Date().toISOString() });
      return;
    }
    const artifacts = new RegExp(`^${project}/(\\d+)/artifacts$`).exec(path);
    if (artifacts !== null) {
      const n = Number(artifacts[1]);
      page(res, url, [0, 1, 2].map((i) => ({ path: `out/file-${n}-${i}.txt`, node_index: 0, url: `https://output.circle-artifacts.com/${n}/out/file-${n}-${i}.txt` })));
      return;
    }
    const pipeline = /^\/pipeline\/([^/]+)(\/workflow)?$/.exec(path);
    const found = pipelines.find((p) => p.id === pipeline?.[1]);
    if (pipeline !== null && found !== undefined) {
      if (pipeline[2] === undefined) {
        sendJson(res, 200, {
          id: found.id, number: found.number, project_slug: options.slug, state: found.configError === undefined ? 'created' : 'errored',
          errors: found.configError === undefined ? [] : [{ type: 'config', message: found.configError }],
        });
        return;
      }
      if (found.configError !== undefined || (found.setupLooks -= 1) >= 0) {
        page(res, url, []);
        return;
      }
      if (url.searchParams.get('page-token') === null) found.workflows.forEach((w) => w.script.advance());
      page(res, url, found.workflows.map((w) => ({ id: w.id, name: w.name, pipeline_id: found.id, pipeline_number: found.number, status: status(w.script) })));
      return;
    }
    const workflow = /^\/workflow\/([^/]+)\/(job|cancel)$/.exec(path);
    const owner = pipelines.find((p) => p.workflows.some((w) => w.id === workflow?.[1]));
    const flow = owner?.workflows.find((w) => w.id === workflow?.[1]);
    if (workflow === null || owner === undefined || flow === undefined) {
      sendJson(res, 404, { message: path.startsWith(project) || !path.startsWith('/project/') ? 'Not found' : 'Project not found' });
    } else if (workflow[2] === 'cancel' && req.method === 'POST') {
      flow.script.cancel();
      sendJson(res, 202, { message: 'Accepted.' });
    } else {
      const base = owner.number * 10 + (flow.name === 'deploy' ? 5 : 0);
      page(res, url, [
        { id: randomUUID(), name: `${flow.name}-job`, job_number: base, status: status(flow.script), type: 'build' },
        { id: randomUUID(), name: 'hold', status: 'success', type: 'approval' },
      ]);
    }
  });
  return Object.assign(server, { pipelines, throttle: budget });
}
