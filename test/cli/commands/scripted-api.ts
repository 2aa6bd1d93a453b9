import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { CliIo } from '../../../cli/io.js';
import { startFakeServer, type FakeHttpServer } from '../../support/fake-http-server.js';

/** Answers by `METHOD path`: status and JSON body. */
export type Script = Record<string, { readonly status: number; readonly json: unknown }>;

/** A terminal whose lines are kept. */
export type RecordingIo = CliIo & { stdout: string[]; stderr: string[] };

/**
 * A fake Upkeep API answering from `script` (404 for anything else), and a terminal pointed at
 * it with UPKEEP_API / UPKEEP_API_TOKEN. Call {@link closeScriptedApis} after each test
 * (`afterEach(closeScriptedApis)`).
 */
export async function scriptedApi(script: Script, tty = false): Promise<{ io: RecordingIo; api: FakeHttpServer }> {
  const api = await startFakeServer((req, res) => {
    const answer = script[`${req.method} ${req.url}`] ?? { status: 404, json: { error: 'NotFoundError', message: `no route ${req.method} ${req.url}` } };
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.json));
  });
  open.push(api);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io = {
    cwd: mkdtempSync(join(tmpdir(), 'upkeep-cli-')), stdout, stderr, out: (l: string) => stdout.push(l), err: (l: string) => stderr.push(l),
    env: { UPKEEP_API: api.url, UPKEEP_API_TOKEN: 'admin-token' }, tty: { out: tty, err: tty },
  };
  return { io, api };
}

const open: FakeHttpServer[] = [];

/** Closes every API {@link scriptedApi} started. */
export async function closeScriptedApis(): Promise<void> {
  await Promise.all(open.splice(0).map((api) => api.close()));
}

/** Registers {@link closeScriptedApis} after each test of the calling file. */
export function closeScriptedApisAfterEach(): void {
  afterEach(closeScriptedApis);
}
