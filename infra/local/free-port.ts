import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, for child processes that must be told
 * their port up front (DynamoDB Local). Servers we run in-process listen on port 0 instead,
 * which has no window for another process to take the port.
 *
 * @example
 * ```ts
 * const port = await freePort();
 * spawn('java', ['-jar', 'DynamoDBLocal.jar', '-port', String(port)]);
 * ```
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('the OS did not assign a port'))));
    });
  });
}
