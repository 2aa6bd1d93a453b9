import './asl/polyfill.js';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AppDeps } from '../../functions/app/app-deps.js';
import { detectUpdates, type DetectionResult } from '../../functions/app/detect-updates.js';
import { seedFromConfig } from '../../functions/app/seed-from-config.js';
import { DynamoComponentStore } from '../../functions/adapters/aws/dynamo-component-store.js';
import { DynamoHttpCache } from '../../functions/adapters/aws/dynamo-http-cache.js';
import { DynamoPolicyStore } from '../../functions/adapters/aws/dynamo-policy-store.js';
import { LocalSecrets } from '../../functions/adapters/local/local-secrets.js';
import { FileConfigProvider } from '../../functions/adapters/shared/file-config-provider.js';
import { PoliteHttpClient } from '../../functions/adapters/sources/http-client.js';
import { createVersionSources } from '../../functions/adapters/sources/registry.js';
import { startDynalite } from './dynalite.js';
import { SERVER_FILE } from './runtime.js';

/** The running `upkeep start` on this data directory, if there is one. */
async function runningInstance(dataDir: string): Promise<{ url: string; token: string } | undefined> {
  try {
    const server = JSON.parse(await readFile(join(dataDir, SERVER_FILE), 'utf8')) as { url: string; pid: number };
    process.kill(server.pid, 0);
    return { url: server.url, token: (await readFile(join(dataDir, 'api-token'), 'utf8')).trim() };
  } catch {
    return undefined;
  }
}

/**
 * One detection pass that starts no workflows (`upkeep check`), over the same data directory
 * and conditional-request cache as `upkeep start`: through the running instance's API when one
 * is up (the database is its alone), else by opening the data directory itself.
 */
export async function checkOnce(options: { readonly configPath: string; readonly dataDir?: string }): Promise<DetectionResult[]> {
  const dataDir = resolve(options.dataDir ?? '.upkeep');
  const running = await runningInstance(dataDir);
  if (running !== undefined) {
    const response = await fetch(`${running.url}/api/self-update/check-updates?dryRun=true`, { method: 'POST', headers: { authorization: `Bearer ${running.token}` } });
    if (!response.ok) throw new Error(`the running instance at ${running.url} answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { results: DetectionResult[] }).results;
  }
  const config = new FileConfigProvider(options.configPath);
  const loaded = await config.get();
  const db = await startDynalite({ dataDir });
  try {
    const store = { tableName: db.tableName, client: db.client };
    const secrets = new LocalSecrets({ dir: join(dataDir, 'secrets') });
    const sources = createVersionSources({ http: new PoliteHttpClient({ cache: new DynamoHttpCache(store), maxConcurrencyPerHost: loaded.detection.concurrencyPerHost }), secrets });
    const deps = {
      config, components: new DynamoComponentStore(store), policies: new DynamoPolicyStore(store),
      clock: { now: () => new Date() }, sources: (type) => sources[type],
    } satisfies Partial<AppDeps>;
    await seedFromConfig(deps);
    return await detectUpdates(deps, { startWorkflows: false });
  } finally {
    await db.close();
  }
}
