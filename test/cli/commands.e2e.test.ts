import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { DEMO_APPROVER, prepareDemo, publishDemoReleases } from '../../examples/demo/prepare-demo.js';

const VIEWER = 'vic@example.com';
const APPROVER = 'ana@example.com';
const NO_SUCH = '00000000-0000-4000-8000-000000000000';
/** Quarantined versions of `search` in upkeep.yaml, for `upkeep components release`. */
const QUARANTINED = ['2.2.0', '3.0.0'] as const;

interface Run { readonly code: number; readonly stdout: string; readonly stderr: string }
interface Summary { readonly id: string; readonly component: string; readonly stage: string }

/** `upkeep …` as a user runs it: a real process, with no API settings inherited from this one. */
function upkeep(...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ['UPKEEP_API', 'UPKEEP_API_TOKEN', 'UPKEEP_DATA_DIR']) delete env[name];
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/upkeep.mjs', ...args], { env, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

/** A running `upkeep start` process on its own data directory. */
interface Instance {
  readonly dataDir: string;
  readonly configPath: string;
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: { url: string; dataDir: string; tokenFile: string; pid: number };
  readonly log: () => string;
  readonly exited: Promise<number | null>;
}

/** The demo system plus a viewer and an approver, with its releases published but not yet detected. */
async function demoSystem(dataDir: string): Promise<string> {
  const demo = await prepareDemo({ dataDir, print: () => undefined });
  const config = parse(await readFile(demo.configPath, 'utf8')) as { approvers: unknown[]; components: { name: string; quarantined?: string[] }[] };
  config.approvers.push({ email: VIEWER, role: 'viewer' }, { email: APPROVER, role: 'approver' });
  // Versions never published, so detection and proposals are as without them.
  const search = config.components.find((c) => c.name === 'search');
  if (search !== undefined) search.quarantined = [...QUARANTINED];
  await writeFile(demo.configPath, stringify(config));
  await publishDemoReleases(dataDir);
  return demo.configPath;
}

/** `upkeep start --config … --data … --port 0 --no-schedule --json`, waiting for its ready line. */
async function startInstance(prefix: string): Promise<Instance> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const configPath = await demoSystem(dataDir);
  const child = spawn(process.execPath, ['bin/upkeep.mjs', 'start', '--config', configPath, '--data', dataDir, '--port', '0', '--no-schedule', '--time-scale', '0.05', '--json'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started = Date.now();
  while (!stdout.includes('\n') && child.exitCode === null && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 100));
  if (!stdout.includes('\n')) throw new Error(`upkeep start did not get ready: ${stderr.slice(-2000)}`);
  const ready = JSON.parse(stdout.split('\n')[0] ?? '') as Instance['ready'];
  return { dataDir, configPath, child, ready, exited, log: () => stderr };
}

describe('upkeep CLI end to end (every command against `upkeep start`)', () => {
  let main: Instance;
  let fresh: Instance | undefined;
  let tokens: Record<string, string> = {};
  let data: string[] = [];
  const ids: Record<string, string> = {};

  async function api<T>(path: string): Promise<T> {
    const token = (await readFile(main.ready.tokenFile, 'utf8')).trim();
    const response = await fetch(`${main.ready.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return (await response.json()) as T;
  }
  const exportText = (): Promise<string> => api<unknown>('/api/self-update/export-state').then((s) => JSON.stringify(s));

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; server said: ${main.log().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const stageOf = async (id: string): Promise<string> => (await api<{ stage: string }>(`/api/self-update/workflows/${id}`)).stage;

  /** Runs a command that must be refused with `code`, checking export-state did not change. */
  async function refused(code: number, ...args: string[]): Promise<Run> {
    const before = await exportText();
    const run = await upkeep(...args, ...data);
    expect(run.code, `upkeep ${args.join(' ')}: ${run.stderr}`).toBe(code);
    expect(run.stderr, 'one readable line, no stack trace').toMatch(new RegExp(`^upkeep ${args[0] ?? ''}`));
    expect(run.stderr).not.toMatch(/\n\s+at .*\.ts:\d+/);
    expect(await exportText(), `upkeep ${args.join(' ')} changed nothing`).toBe(before);
    return run;
  }

  async function ok(...args: string[]): Promise<Run> {
    const run = await upkeep(...args, ...data);
    expect(run.code, `upkeep ${args.join(' ')}: ${run.stderr}`).toBe(0);
    return run;
  }

  beforeAll(async () => {
    main = await startInstance('upkeep-cli-');
    data = ['--data', main.dataDir];
    const byToken = JSON.parse(await readFile(join(main.dataDir, 'api-tokens.json'), 'utf8')) as Record<string, string>;
    tokens = Object.fromEntries(Object.entries(byToken).map(([token, email]) => [email, token]));
  }, 120_000);

  afterAll(async () => {
    for (const instance of [main, fresh]) {
      if (instance === undefined) continue;
      if (instance.child.exitCode === null) instance.child.kill('SIGINT');
      await instance.exited;
      await rm(instance.dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('runs the local commands: start (ready as JSON), validate, check through the running instance', async () => {
    expect(main.ready).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) as string, dataDir: main.dataDir, pid: main.child.pid });
    const [validate, check] = await Promise.all([upkeep('validate', '--config', main.configPath, '--json'), upkeep('check', '--config', main.configPath, '--data', main.dataDir, '--json')]);
    expect(validate.code, validate.stderr).toBe(0);
    expect(JSON.parse(validate.stdout)).toMatchObject({ ok: true });
    expect(check.code, check.stderr).toBe(0);
    expect((JSON.parse(check.stdout) as { component: string; availableVersion: string }[]).map((r) => [r.component, r.availableVersion])).toEqual([['catalog', '1.0.1'], ['payments', '2.0.0'], ['search', '2.1.1']]);
  });

  it('reads status, policies and an empty workflow listing, as text and as JSON', async () => {
    const [status, statusJson, policies, policiesJson, workflows, approvals] = await Promise.all([
      ok('status'), ok('status', '--json'), ok('policies'), ok('policies', 'list', '--json'), ok('workflows'), ok('approvals', '--json'),
    ]);
    expect(status.stdout).toMatch(/^Upkeep at http:\/\/127\.0\.0\.1:\d+: detection running/);
    expect(status.stdout).toMatch(/^ {2}payments +1\.3\.0 +0 /m);
    expect(JSON.parse(statusJson.stdout)).toMatchObject({ running: true, pendingApprovals: 0, statistics: { workflows: { total: 0 } } });
    expect(policies.stdout).toMatch(/^review_breaking_changes +on +900 +MANUAL_REVIEW +1 /m);
    expect((JSON.parse(policiesJson.stdout) as { name: string }[]).map((p) => p.name)).toContain('release_cooldown');
    expect(workflows.stdout.trim()).toBe('No workflows match.');
    expect(JSON.parse(approvals.stdout)).toEqual([]);
  });

  it('lists components with their quarantined versions and sources, as text and JSON', async () => {
    const [text, json, listed] = await Promise.all([ok('components'), ok('components', '--json'), ok('components', 'list', '--json')]);

    expect(text.stdout).toMatch(/^name +current +available +latest seen +quarantined +high-water +source$/m);
    expect(text.stdout).toMatch(/^payments +1\.3\.0 +\S+ +\S+ +— +— +git tags of file:\/\/\S+payments\.git matching /m);
    expect(text.stdout).toMatch(/^search +2\.1\.0 +\S+ +\S+ +2\.2\.0, 3\.0\.0 +— +git tags of /m);
    expect(text.stdout).toMatch(/^3 components, 2 quarantined versions\. Release one with: upkeep components release <name> <version>$/m);
    const items = JSON.parse(json.stdout) as { name: string; current: string; quarantined: string[]; source: { type: string } }[];
    expect(items.map((c) => [c.name, c.current, c.quarantined, c.source.type])).toEqual([
      ['catalog', '1.0.0', [], 'git'], ['payments', '1.3.0', [], 'git'], ['search', '2.1.0', [...QUARANTINED], 'git'],
    ]);
    expect(JSON.parse(listed.stdout)).toEqual(items);
  });

  it('refuses releasing and switching detection for a viewer (403), and bad input, with exit 2, changing nothing', async () => {
    const viewer = await refused(2, 'components', 'release', 'search', '2.2.0', '--token', tokens[VIEWER] ?? '');
    expect(viewer.stderr).toMatch(/ForbiddenError \(403\): vic@example\.com is a viewer; this route needs the admin role/);
    expect((await refused(2, 'detection', 'off', '--token', tokens[VIEWER] ?? '')).stderr).toMatch(/ForbiddenError \(403\)/);
    expect((await refused(2, 'detection', 'off', '--token', tokens[APPROVER] ?? '')).stderr).toMatch(/ForbiddenError \(403\)/);
    expect((await refused(2, 'components', 'release', 'no-such-component', '1.0.0')).stderr).toMatch(/NotFoundError \(404\)/);
    expect((await refused(2, 'components', 'release', 'search', '2.2 .0')).stderr).toMatch(/<version> must be a version .* got "2\.2 \.0"/);
    expect((await refused(2, 'components', 'release', 'search')).stderr).toMatch(/missing <version>: the command is "upkeep components release <name> <version>"/);
    expect((await refused(2, 'components', 'relase', 'search', '2.2.0')).stderr).toMatch(/unknown components subcommand "relase"; did you mean "release"\?/);
    expect((await refused(2, 'components', '--colour')).stderr).toMatch(/unknown option --colour/);
    expect((await refused(2, 'detection', 'pause')).stderr).toMatch(/unknown detection subcommand "pause"; use one of: status, on, off/);
    expect((await refused(2, 'detection', 'off', 'now')).stderr).toMatch(/"upkeep detection off" takes no arguments besides its options; remove "now"/);
    expect((await ok('detection', '--json')).stdout).toMatch(/"enabled": true/);
  }, 60_000);

  it('releases a quarantined version (admins): the component no longer lists it', async () => {
    const released = await ok('components', 'release', 'search', '3.0.0');
    const after = await ok('components', '--json');

    expect(released.stdout.trim()).toBe('Released search 3.0.0 from quarantine: detection may propose it again (still quarantined: 2.2.0).');
    expect((JSON.parse(after.stdout) as { name: string; quarantined: string[] }[]).find((c) => c.name === 'search')?.quarantined).toEqual(['2.2.0']);
    const again = await refused(2, 'components', 'release', 'search', '3.0.0', '--json');
    expect(again.stderr).toMatch(/NotFoundError \(404\): 3\.0\.0 of search is not quarantined \(quarantined: 2\.2\.0\)/);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: false, status: 404, error: 'NotFoundError' });

    const last = await ok('components', 'release', 'search', '2.2.0', '--json');
    expect(JSON.parse(last.stdout)).toMatchObject({ name: 'search', current: '2.1.0', quarantined: [] });
    expect((await ok('components')).stdout).toMatch(/^3 components, 0 quarantined versions\.$/m);
  }, 60_000);

  it('switches scheduled detection off and on (admins) and shows its state', async () => {
    const before = await ok('detection');
    const off = await ok('detection', 'off');
    const offAgain = await ok('detection', 'off', '--json');
    const [shown, shownJson, status] = await Promise.all([ok('detection', 'status'), ok('detection', 'status', '--json'), ok('status')]);
    const on = await ok('detection', 'on', '--json');
    const onAgain = await ok('detection', 'start');

    expect(before.stdout.trim()).toMatch(/^Scheduled detection is running \(rate\(1 minute\); schedules: local\), last run .+\.$/);
    expect(off.stdout.trim()).toBe('Scheduled detection is now stopped (was running; schedules: local).');
    expect(JSON.parse(offAgain.stdout)).toMatchObject({ enabled: false, changed: false, schedules: ['local'] });
    expect(shown.stdout.trim()).toMatch(/^Scheduled detection is stopped \(rate\(1 minute\); schedules: local\), last run .+; stopped by \S*you@example\.com \d.* ago\.$/);
    expect(JSON.parse(shownJson.stdout)).toMatchObject({ enabled: false, schedule: 'rate(1 minute)', changedBy: expect.stringContaining(DEMO_APPROVER) as string });
    expect(status.stdout).toMatch(/^Upkeep at http:\/\/127\.0\.0\.1:\d+: detection stopped/);
    expect(JSON.parse(on.stdout)).toMatchObject({ enabled: true, changed: true });
    expect(onAgain.stdout.trim()).toMatch(/^Scheduled detection was already running; nothing changed; started by \S*you@example\.com \d.* ago\.$/);
  }, 60_000);

  it('refuses wrong tokens (401), missing roles (403) and bad flags with exit 2, changing nothing', async () => {
    const wrong = await refused(2, 'status', '--token', 'not-the-token');
    expect(wrong.stderr).toMatch(/Unauthorized \(401\)/);
    const viewer = await refused(2, 'register', 'payments', '1.3.1', '--token', tokens[VIEWER] ?? '');
    expect(viewer.stderr).toMatch(/ForbiddenError \(403\): vic@example\.com is a viewer; this route needs the admin role/);
    await refused(2, 'propose', 'payments', '2.0.0', '--token', tokens[VIEWER] ?? '');
    await refused(2, 'approve');
    await refused(2, 'approve', 'a', 'b');
    await refused(2, 'workflows', '--colour', 'blue');
    await refused(2, 'workflows', '--since', 'last-week');
    await refused(2, 'workflows', '--stage', 'SHIPPED');
    const json = await refused(2, 'status', '--json', '--token', 'not-the-token');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, status: 401 });
  }, 60_000);

  it('refuses unknown ids (404), bad versions and malformed or invalid files with exit 2, naming the field', async () => {
    const dir = main.dataDir;
    await writeFile(join(dir, 'broken.yaml'), 'priority: [\n');
    await writeFile(join(dir, 'list.json'), '[1, 2]');
    await writeFile(join(dir, 'invalid.yaml'), 'priority: 5000\nconditions: { moon_phase: full }\nactions: { decision: SHIP_IT }\n');
    await writeFile(join(dir, 'named.yaml'), 'name: other\npriority: 1\nactions: { decision: REJECT }\n');
    await writeFile(join(dir, 'truncated.json'), '{"format": "upkeep-state/1", "components": [');
    await writeFile(join(dir, 'not-a-snapshot.json'), '{"format": "something-else"}');

    const unknown = await refused(2, 'workflow', NO_SUCH);
    expect(unknown.stderr).toMatch(/NotFoundError \(404\)/);
    await refused(2, 'approve', NO_SUCH, '--reason', 'x');
    await refused(2, 'reject', NO_SUCH);
    await refused(2, 'cancel', NO_SUCH, '--reason', 'x');
    await refused(2, 'policies', 'enable', 'no-such-policy');
    const older = await refused(2, 'propose', 'catalog', '0.9.0');
    expect(older.stderr).toMatch(/^ {2}version: is not newer than the running 1\.0\.0/m);
    await refused(2, 'propose', 'no-such-component', '1.0.0');
    const badVersion = await refused(2, 'register', 'payments', 'not a version');
    expect(badVersion.stderr).toMatch(/^ {2}version: /m);
    const newcomer = await refused(2, 'register', 'newcomer', '1.0.0');
    expect(newcomer.stderr).toMatch(/^ {2}source: is required for a new component/m);
    const invalid = await refused(2, 'policies', 'set', 'review-catalog', '--file', join(dir, 'invalid.yaml'));
    expect(invalid.stderr).toMatch(/^ {2}priority: .*\(got 5000\)$/m);
    expect(invalid.stderr).toMatch(/^ {2}conditions\.moon_phase: is not a known field/m);
    expect(invalid.stderr).toMatch(/^ {2}actions\.decision: .*\(got SHIP_IT\)$/m);
    expect((await refused(2, 'policies', 'set', 'review-catalog', '--file', join(dir, 'broken.yaml'))).stderr).toMatch(/broken\.yaml:2:1 is not valid YAML or JSON/);
    expect((await refused(2, 'policies', 'set', 'review-catalog', '--file', join(dir, 'list.json'))).stderr).toMatch(/must hold one policy as a mapping/);
    expect((await refused(2, 'policies', 'set', 'review-catalog', '--file', join(dir, 'named.yaml'))).stderr).toMatch(/names policy "other" but the command "review-catalog"/);
    await refused(2, 'policies', 'set', 'review-catalog', '--file', join(dir, 'missing.yaml'));
    expect((await refused(2, 'import-state', join(dir, 'truncated.json'))).stderr).toMatch(/truncated\.json is not JSON/);
    expect((await refused(2, 'import-state', join(dir, 'not-a-snapshot.json'))).stderr).toMatch(/^ {2}format: .*\(got something-else\)$/m);
    await refused(2, 'import-state', join(dir, 'list.json'));
  }, 120_000);

  it('creates, disables and enables a policy from a file', async () => {
    const file = join(main.dataDir, 'review-catalog.yaml');
    await writeFile(file, 'description: catalog and search changes need a person\npriority: 950\nconditions:\n  component: [catalog, search]\nactions:\n  decision: MANUAL_REVIEW\n');

    const created = await ok('policies', 'set', 'review-catalog', '--file', file);
    const replaced = await ok('policies', 'set', 'review-catalog', '--file', file, '--json');
    const disabled = await ok('policies', 'disable', 'review-catalog');
    const enabled = await ok('policies', 'enable', 'review-catalog', '--json');

    expect(created.stdout.trim()).toBe('Policy review-catalog created: enabled, priority 950, MANUAL_REVIEW.');
    expect(JSON.parse(replaced.stdout)).toMatchObject({ name: 'review-catalog', rev: 2, updatedBy: `api:${DEMO_APPROVER}` });
    expect(disabled.stdout.trim()).toBe('Policy review-catalog is disabled (rev 3).');
    expect(JSON.parse(enabled.stdout)).toMatchObject({ enabled: true, rev: 4 });
    await refused(2, 'policies', 'set', 'review-catalog', '--file', file, '--rev', '1');
  }, 60_000);

  it('proposes versions (process-update): one workflow each, however often asked', async () => {
    const payments = await ok('propose', 'payments', '2.0.0', '--json');
    const again = await ok('propose', 'payments', '2.0.0');
    const [catalog, search] = await Promise.all([ok('propose', 'catalog', '1.0.1', '--reason', 'e2e', '--json'), ok('propose', 'search', '2.1.1', '--json')]);

    const created = [payments, catalog, search].map((r) => JSON.parse(r.stdout) as { created: boolean; workflow: Summary });
    expect(created.map((c) => [c.created, c.workflow.component])).toEqual([[true, 'payments'], [true, 'catalog'], [true, 'search']]);
    for (const c of created) ids[c.workflow.component] = c.workflow.id;
    expect(again.stdout).toMatch(new RegExp(`^payments 2\\.0\\.0 already has workflow ${ids.payments} \\(\\w+\\); nothing new started\\.`));
    for (const id of Object.values(ids)) {
      await until(`${id} to await approval`, async () => {
        const wf = await api<{ stage: string; approvalRound?: number }>(`/api/self-update/workflows/${id}`);
        return wf.stage === 'AWAITING_APPROVAL' && wf.approvalRound === 1 ? true : undefined;
      });
    }
  }, 120_000);

  it('lists and shows workflows and approvals with filters, as text and JSON', async () => {
    const [approvals, approvalsJson, all, payments, limited, since, detail, detailJson] = await Promise.all([
      ok('approvals'), ok('approvals', '--json'), ok('workflows'), ok('workflows', '--component', 'payments', '--json'),
      ok('workflows', '--stage', 'awaiting_approval', '--limit', '2', '--json'), ok('workflows', '--since', '1h', '--json'),
      ok('workflow', ids.payments ?? ''), ok('workflow', ids.payments ?? '', '--json'),
    ]);
    expect(approvals.stdout).toMatch(/^id +component +version +stage +decision +detected$/m);
    expect(approvals.stdout).toMatch(/3 awaiting approval\. Decide with: upkeep approve <id>/);
    expect((JSON.parse(approvalsJson.stdout) as Summary[]).map((w) => w.component).sort()).toEqual(['catalog', 'payments', 'search']);
    expect(all.stdout).toMatch(new RegExp(`^${ids.payments} +payments +1\\.3\\.0 → 2\\.0\\.0 +AWAITING_APPROVAL +MANUAL_REVIEW `, 'm'));
    expect((JSON.parse(payments.stdout) as Summary[]).map((w) => w.id)).toEqual([ids.payments]);
    expect(JSON.parse(limited.stdout)).toHaveLength(2);
    expect(JSON.parse(since.stdout)).toHaveLength(3);
    expect(detail.stdout).toMatch(/^payments 1\.3\.0 → 2\.0\.0 {2}AWAITING_APPROVAL/);
    expect(detail.stdout).toMatch(/^Stages\n {2}at +stage +for +why\n {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ +DETECTED/m);
    expect(detail.stdout).toMatch(/^Policy {2}MANUAL_REVIEW by review_breaking_changes, risk \w+/m);
    expect(detail.stdout).toMatch(/^ {2}▶ review_breaking_changes \(priority 900\)/m);
    expect(detail.stdout).toMatch(/^Simulation {2}PASSED in \d+s\n {2}unit +\d+\/\d+ passed/m);
    expect(detail.stdout).toMatch(/^Approval {2}waiting\n/m);
    expect(detail.stdout).toMatch(/^Audit events\n[\s\S]* DETECTED +you@example\.com +payments 2\.0\.0 proposed by you@example\.com/m);
    expect(JSON.parse(detailJson.stdout)).toMatchObject({ id: ids.payments, requestedBy: DEMO_APPROVER, approval: { waiting: true, round: 1 } });
  }, 60_000);

  it('rejects, cancels and approves; a decided workflow refuses another decision (409 → exit 2)', async () => {
    await refused(2, 'approve', ids.payments ?? '', '--token', tokens[VIEWER] ?? '');
    await refused(2, 'cancel', ids.search ?? '');

    const rejected = await ok('reject', ids.catalog ?? '', '--reason', 'not this week');
    const cancelled = await ok('cancel', ids.search ?? '', '--reason', 'superseded', '--json');
    const approved = await ok('approve', ids.payments ?? '', '--reason', 'migration checked', '--json');

    expect(rejected.stdout.trim()).toBe(`Workflow ${ids.catalog} rejected by ${DEMO_APPROVER}; it ends REJECTED.`);
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ workflowId: ids.search, stage: 'CANCELLED', from: 'AWAITING_APPROVAL' });
    expect(JSON.parse(approved.stdout)).toMatchObject({ workflowId: ids.payments, effect: 'decided', outcome: 'APPROVED', approver: DEMO_APPROVER });
    await until('catalog to end REJECTED', async () => ((await stageOf(ids.catalog ?? '')) === 'REJECTED' ? true : undefined));
    await until('payments to ship', async () => ((await stageOf(ids.payments ?? '')) === 'SUCCEEDED' ? true : undefined));
    const again = await refused(2, 'approve', ids.catalog ?? '');
    expect(again.stderr).toMatch(/ConflictError \(409\)|ApprovalExpiredError \(410\)/);
    await refused(2, 'cancel', ids.payments ?? '', '--reason', 'too late');

    const shipped = await ok('workflow', ids.payments ?? '');
    expect(shipped.stdout).toMatch(/^payments 1\.3\.0 → 2\.0\.0 {2}SUCCEEDED/);
    expect(shipped.stdout).toMatch(/^Approval {2}APPROVED by you@example\.com/m);
    expect(shipped.stdout).toMatch(/^Rollout {2}\S+ SUCCEEDED, 100% of traffic on 2\.0\.0/m);
  }, 180_000);

  it('registers a running version and reports status with the statistics', async () => {
    const registered = await ok('register', 'catalog', '1.0.1', '--reason', 'deployed by hand');
    const same = await ok('register', 'catalog', '1.0.1');
    const status = await ok('status');

    expect(registered.stdout.trim()).toBe('catalog now runs 1.0.1 (was 1.0.0).');
    expect(same.stdout.trim()).toBe('catalog already runs 1.0.1; nothing changed.');
    expect(status.stdout).toMatch(/3 in all, 0 active, 0 awaiting approval; success rate 50% \(1 of 2 finished\)/);
  }, 60_000);

  it('exports the state and imports it into a fresh instance, which then exports the same document', async () => {
    const out = join(main.dataDir, 'state.json');
    const written = await ok('export-state', '--out', out);
    const printed = await ok('export-state');
    expect(written.stdout.trim()).toMatch(/^Wrote .*state\.json: 3 components, \d+ versions, \d+ policies, 3 workflows, \d+ events\.$/);
    expect(printed.stdout).toBe(await readFile(out, 'utf8'));

    fresh = await startInstance('upkeep-cli-fresh-');
    const into = ['--data', fresh.dataDir];
    const imported = await upkeep('import-state', out, ...into, '--json');
    const exported = await upkeep('export-state', ...into);
    const twice = await upkeep('import-state', out, ...into);

    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: { components: 3, workflows: 3 } });
    expect(exported.stdout).toBe(printed.stdout);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/ConflictError \(409\): import-state needs an empty store/);
    expect((await upkeep('export-state', ...into)).stdout).toBe(printed.stdout);
  }, 180_000);

  it('stops `upkeep start` cleanly on Ctrl-C, and then says nothing is running', async () => {
    main.child.kill('SIGINT');
    expect(await main.exited).toBe(0);
    expect(main.log()).toContain('Stopped.');

    const gone = await upkeep('status', '--data', main.dataDir);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/no Upkeep running at .*; start it with `upkeep start`/);
  }, 60_000);
});
