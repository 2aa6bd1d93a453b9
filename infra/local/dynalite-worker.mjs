// Runs dynalite (DynamoDB on LevelDB) in a worker thread, so its CPU work — parsing requests,
// LevelDB reads and writes — uses the second core instead of competing with the workflows,
// the detector and the API on the main thread. The main thread talks to it over loopback HTTP,
// exactly as it would to DynamoDB.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const dynalite = createRequire(import.meta.url)('dynalite');
const server = dynalite(workerData.options);

server.once('error', (error) => parentPort.postMessage({ type: 'error', message: error.message }));
server.listen(workerData.port, '127.0.0.1', () => {
  parentPort.postMessage({ type: 'listening', port: server.address().port });
});

parentPort.on('message', (message) => {
  if (message !== 'close') return;
  server.closeAllConnections();
  server.close((error) => {
    parentPort.postMessage({ type: 'closed', message: error?.message });
    parentPort.close();
  });
});
