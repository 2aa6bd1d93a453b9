import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DeploymentFailedError } from '../../../functions/core/errors.js';
import type { MetricStore } from './metric-store.js';
import { WeightedRouter, type Role } from './weighted-router.js';

/** A running version the proxy can send requests to. */
export interface Backend {
  readonly version: string;
  readonly port: number;
}

/** Header the traffic generator sets, so synthetic requests are told apart from users'. */
export const SYNTHETIC_HEADER = 'x-upkeep-synthetic';
/** Header on every answer naming the version that served it. */
export const VERSION_HEADER = 'x-upkeep-version';

/** @default 30_000 - an upstream that takes longer counts as failed */
const UPSTREAM_TIMEOUT_MS = 30_000;

/**
 * The component's address: an HTTP reverse proxy on 127.0.0.1:`port` that sends each request to
 * the current or the candidate version by weight ({@link WeightedRouter}) and records its
 * outcome per version in the {@link MetricStore}. A 5xx answer and an unreachable version both
 * count as errors; the latter is answered 502.
 *
 * @example
 * ```ts
 * const proxy = await TrafficProxy.listen(8080, store);
 * proxy.setBackends({ version: '1.0.0', port: 4101 }, { version: '1.1.0', port: 4102 });
 * proxy.router.setCandidateWeight(10);
 * ```
 */
export class TrafficProxy {
  public readonly router = new WeightedRouter();
  #current: Backend | undefined;
  #candidate: Backend | undefined;
  #lastRealRequestAt = 0;
  /** One connection pool per version, so a retired version's pooled sockets can be closed. */
  readonly #agents = new Map<number, Agent>();

  private constructor(
    private readonly server: Server,
    private readonly metrics: MetricStore,
  ) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.#forward(req, res));
  }

  /** Starts listening on 127.0.0.1:`port`. */
  public static listen(port: number, metrics: MetricStore): Promise<TrafficProxy> {
    const server = createServer();
    const proxy = new TrafficProxy(server, metrics);
    return new Promise((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(new DeploymentFailedError(`cannot listen on 127.0.0.1:${port} for the component's traffic: ${error.code ?? error.message}`, { cause: error })));
      server.listen(port, '127.0.0.1', () => resolve(proxy));
    });
  }

  /** The port it listens on. */
  public get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** The versions behind the proxy; no candidate means all traffic goes to the current one. */
  public setBackends(current: Backend | undefined, candidate?: Backend): void {
    this.#current = current;
    this.#candidate = candidate;
    for (const [port, agent] of this.#agents) {
      if (port !== current?.port && port !== candidate?.port) this.#retire(port, agent);
    }
  }

  /** The backend a role maps to now. */
  public backend(role: Role): Backend | undefined {
    return role === 'current' ? this.#current : this.#candidate;
  }

  /** Epoch ms of the last request that did not come from the traffic generator. */
  public get lastRealRequestAt(): number {
    return this.#lastRealRequestAt;
  }

  /** Stops listening, ends open connections, and drops pooled upstream sockets. */
  public async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const agent of this.#agents.values()) agent.destroy();
    this.#agents.clear();
    await closed;
  }

  #agent(port: number): Agent {
    let agent = this.#agents.get(port);
    if (agent === undefined) {
      agent = new Agent({ keepAlive: true, maxSockets: 64 });
      this.#agents.set(port, agent);
    }
    return agent;
  }

  /**
   * Idle keep-alive sockets would hold a stopping version's server open until its grace period
   * ends in SIGKILL; closing them (and each one freed by a request still in flight) lets it exit.
   */
  #retire(port: number, agent: Agent): void {
    this.#agents.delete(port);
    for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
    agent.on('free', (socket: { destroy(): void }) => socket.destroy());
  }

  #choose(): Backend | undefined {
    if (this.#candidate === undefined) return this.#current;
    if (this.#current === undefined) return this.#candidate;
    return this.router.pick() === 'candidate' ? this.#candidate : this.#current;
  }

  #forward(req: IncomingMessage, res: ServerResponse): void {
    const synthetic = req.headers[SYNTHETIC_HEADER] !== undefined;
    if (!synthetic) this.#lastRealRequestAt = Date.now();
    const backend = this.#choose();
    if (backend === undefined) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('no version of this component is running\n');
      return;
    }
    const started = performance.now();
    let recorded = false;
    const record = (error: boolean): void => {
      if (recorded) return;
      recorded = true;
      this.metrics.record(backend.version, { at: Date.now(), latencyMs: performance.now() - started, error, synthetic });
    };
    const upstream = httpRequest(
      { host: '127.0.0.1', port: backend.port, method: req.method, path: req.url, headers: req.headers, agent: this.#agent(backend.port), timeout: UPSTREAM_TIMEOUT_MS },
      (answer) => {
        const status = answer.statusCode ?? 502;
        res.writeHead(status, { ...answer.headers, [VERSION_HEADER]: backend.version });
        answer.pipe(res);
        answer.on('end', () => record(status >= 500));
        answer.on('error', () => record(true));
      },
    );
    upstream.on('timeout', () => upstream.destroy(new Error(`no answer within ${UPSTREAM_TIMEOUT_MS} ms`)));
    upstream.on('error', (error) => {
      record(true);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain', [VERSION_HEADER]: backend.version });
      res.end(`${backend.version} did not answer: ${error.message}\n`);
    });
    // A client that goes away mid-request is not the version's fault: no sample.
    res.on('close', () => {
      if (!res.writableFinished) {
        recorded = true;
        upstream.destroy();
      }
    });
    req.pipe(upstream);
  }
}
