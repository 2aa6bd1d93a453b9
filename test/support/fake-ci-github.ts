import { sendJson, startFakeServer, type FakeHttpServer } from './fake-http-server.js';
import { jsonBody, outcomeFor, ScriptedRun, throttle, urlOf } from './fake-ci-common.js';

/** A workflow run the fake keeps: ours, or a decoy started by someone else. */
export interface FakeGithubRun {
  readonly id: number;
  readonly title: string;
  readonly branch: string;
  readonly event: string;
  readonly createdAt: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly script: ScriptedRun;
  /** List calls still to answer before the run shows up (GitHub creates runs asynchronously). */
  hiddenLooks: number;
}

/** Options of {@link startFakeGithubActions}. */
export interface FakeGithubActionsOptions {
  readonly repository: string;
  /** The workflow file name; its numeric id is 4242. */
  readonly workflow: string;
  readonly token: string;
  /** @default 100 - the most runs or artifacts on one page, whatever `per_page` asks */
  readonly pageSize?: number;
  /** @default 1 - list calls before a dispatched run is listed */
  readonly hiddenLooks?: number;
  /** @default false - answer `return_run_details` with the run id (GitHub since Feb 2026) */
  readonly returnRunDetails?: boolean;
  /** @default false - reject `return_run_details` with 422, as older GitHub Enterprise Server does */
  readonly rejectRunDetails?: boolean;
  /** @default 0 - runs someone else dispatches right after each of ours (newer than ours) */
  readonly racingDecoys?: number;
  /** @default true - the workflow's run-name carries `inputs.upkeep_run_id` */
  readonly runNameHasId?: boolean;
}

/** The fake plus handles for tests: its runs, decoys, and a 429 budget. */
export interface FakeGithubActions extends FakeHttpServer {
  readonly runs: FakeGithubRun[];
  readonly throttle: { left: number };
  /** Adds a run started by someone else (another dispatch, a push). */
  addDecoy(run: { readonly title: string; readonly branch?: string; readonly event?: string; readonly createdAt?: string; readonly version?: string }): FakeGithubRun;
}

const WORKFLOW_ID = 4242;

/**
 * GitHub's Actions REST API as documented: `POST …/workflows/{workflow}/dispatches` (204, or
 * 200 with `workflow_run_id` when asked for run details), `GET …/workflows/{workflow}/runs`
 * with `event`, `branch`, `created=>=…` filters and `Link` pagination, `GET …/runs/{id}`,
 * `GET …/runs/{id}/artifacts`, `POST …/runs/{id}/cancel` (409 once completed), Bearer auth.
 * The run-name is `Deploy <component> <version> [<upkeep_run_id>]`.
 */
export async function startFakeGithubActions(options: FakeGithubActionsOptions): Promise<FakeGithubActions> {
  const runs: FakeGithubRun[] = [];
  const budget = { left: 0 };
  let nextId = 9000;
  const pageSize = options.pageSize ?? 100;
  const add = (run: Omit<FakeGithubRun, 'id' | 'script'> & { readonly version?: string }): FakeGithubRun => {
    nextId += 1 + (nextId % 7); // ids grow, but not by one: nobody may count on them
    const created: FakeGithubRun = { ...run, id: nextId, script: new ScriptedRun(outcomeFor(run.version)) };
    runs.push(created);
    return created;
  };
  const json = (run: FakeGithubRun) => ({
    id: run.id, name: 'Deploy', display_title: run.title, event: run.event, head_branch: run.branch, created_at: run.createdAt,
    status: run.script.phase === 'queued' ? 'queued' : run.script.phase === 'running' ? 'in_progress' : 'completed',
    conclusion: run.script.result === undefined ? null : run.script.result === 'cancelled' ? 'cancelled' : run.script.result,
    html_url: `https://github.com/${options.repository}/actions/runs/${run.id}`, workflow_id: WORKFLOW_ID,
  });

  const server = await startFakeServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      sendJson(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    if (throttle(res, budget)) return;
    const url = urlOf(req);
    const prefix = `/repos/${options.repository}/actions`;
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : undefined;
    const workflow = /^\/workflows\/([^/]+)\/(dispatches|runs)$/.exec(path ?? '');
    if (workflow !== null) {
      if (workflow[1] !== options.workflow && workflow[1] !== String(WORKFLOW_ID)) {
        sendJson(res, 404, { message: 'Not Found' });
      } else if (workflow[2] === 'dispatches' && req.method === 'POST') {
        const body = jsonBody(req.body);
        if (body?.return_run_details !== undefined && options.rejectRunDetails === true) {
          sendJson(res, 422, { message: 'Invalid request.\n\n"return_run_details" is not a permitted key.' });
          return;
        }
        if (typeof body?.ref !== 'string') {
          sendJson(res, 422, { message: 'Invalid request: ref is required' });
          return;
        }
        const inputs = (body.inputs ?? {}) as Record<string, unknown>;
        const suffix = options.runNameHasId === false ? '' : ` [${String(inputs.upkeep_run_id)}]`;
        const run = add({
          title: `Deploy ${String(inputs.component)} ${String(inputs.version)}${suffix}`, branch: body.ref, event: 'workflow_dispatch',
          createdAt: new Date().toISOString(), inputs, hiddenLooks: options.hiddenLooks ?? 1, version: String(inputs.version),
        });
        for (let i = 0; i < (options.racingDecoys ?? 0); i += 1) {
          add({ title: `Deploy ${String(inputs.component)} 9.9.${i} [racing-${i}]`, branch: body.ref, event: 'workflow_dispatch', createdAt: new Date().toISOString(), inputs: {}, hiddenLooks: 0 });
        }
        if (body.return_run_details === true && options.returnRunDetails === true) {
          sendJson(res, 200, { workflow_run_id: run.id, run_url: `${server.url}${prefix}/runs/${run.id}`, html_url: json(run).html_url });
        } else {
          res.writeHead(204).end();
        }
      } else {
        const since = /^>=(.+)$/.exec(url.searchParams.get('created') ?? '')?.[1];
        const matching = runs.filter((run) => {
          if (run.hiddenLooks > 0) {
            run.hiddenLooks -= 1;
            return false;
          }
          return (url.searchParams.get('event') ?? run.event) === run.event && (url.searchParams.get('branch') ?? run.branch) === run.branch
            && (since === undefined || Date.parse(run.createdAt) >= Date.parse(since));
        }).sort((a, b) => b.id - a.id);
        page(res, url, matching.map(json), 'workflow_runs', pageSize);
      }
      return;
    }
    const single = /^\/runs\/(\d+)(\/artifacts|\/cancel)?$/.exec(path ?? '');
    const run = runs.find((r) => String(r.id) === single?.[1]);
    if (single === null || run === undefined) {
      sendJson(res, 404, { message: 'Not Found' });
    } else if (single[2] === '/cancel' && req.method === 'POST') {
      if (run.script.cancel()) sendJson(res, 202, {});
      else sendJson(res, 409, { message: 'Cannot cancel a workflow run that is completed.' });
    } else if (single[2] === '/artifacts') {
      const artifacts = ['deploy-log', 'sbom', 'bundle'].map((name, i) => ({
        id: run.id * 10 + i, name, size_in_bytes: 100 * (i + 1), expired: false,
        archive_download_url: `${server.url}${prefix}/artifacts/${run.id * 10 + i}/zip`,
      }));
      page(res, url, artifacts, 'artifacts', Math.min(pageSize, 2));
    } else {
      run.script.advance();
      sendJson(res, 200, json(run));
    }
  });
  const addDecoy: FakeGithubActions['addDecoy'] = (decoy) => add({
    title: decoy.title, branch: decoy.branch ?? 'main', event: decoy.event ?? 'workflow_dispatch',
    createdAt: decoy.createdAt ?? new Date().toISOString(), inputs: {}, hiddenLooks: 0, ...(decoy.version === undefined ? {} : { version: decoy.version }),
  });
  return Object.assign(server, { runs, throttle: budget, addDecoy });
}

/** One page of `items` under `key`, with GitHub's `Link` header and `total_count`. */
function page(res: Parameters<typeof sendJson>[0], url: URL, items: readonly unknown[], key: string, maxPerPage: number): void {
  const perPage = Math.min(maxPerPage, Number(url.searchParams.get('per_page') ?? '30'));
  const current = Number(url.searchParams.get('page') ?? '1');
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number): string => {
    const target = new URL(url.toString().replace('http://127.0.0.1', `http://${res.req.headers.host ?? '127.0.0.1'}`));
    target.searchParams.set('page', String(p));
    return target.toString();
  };
  const headers: Record<string, string> = current < last ? { link: `<${link(current + 1)}>; rel="next", <${link(last)}>; rel="last"` } : {};
  sendJson(res, 200, { total_count: items.length, [key]: items.slice((current - 1) * perPage, current * perPage) }, headers);
}
