import { Agent, get } from 'node:http';
import { SYNTHETIC_HEADER } from './traffic-proxy.js';

/** How much synthetic traffic to send, and where. */
export interface TrafficGeneratorOptions {
  /** The proxy's port. */
  readonly port: number;
  /** @default '/' */
  readonly path?: string;
  /** Requests per second while users send none. @default 50 */
  readonly requestsPerSecond?: number;
  /** Epoch ms of the last request a user sent; while recent, the generator stays quiet. */
  readonly lastRealRequestAt: () => number;
}

/**
 * Sends requests through the component's proxy when users do not, so every period has
 * datapoints and alarms judge the candidate on data rather than on missing-data rules. It sends
 * at most one request per tick and skips a tick that saw a user's request, so real traffic is
 * topped up rather than doubled.
 *
 * @example
 * ```ts
 * const generator = new TrafficGenerator({ port: 8080, lastRealRequestAt: () => proxy.lastRealRequestAt });
 * generator.start();
 * await generator.stop();
 * ```
 */
export class TrafficGenerator {
  #timer: NodeJS.Timeout | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 16 });
  #sent = 0;

  public constructor(private readonly options: TrafficGeneratorOptions) {}

  /** Synthetic requests sent so far. */
  public get sent(): number {
    return this.#sent;
  }

  /** Starts ticking; calling it again does nothing. */
  public start(): void {
    if (this.#timer !== undefined) return;
    const intervalMs = 1000 / (this.options.requestsPerSecond ?? 50);
    this.#timer = setInterval(() => {
      if (Date.now() - this.options.lastRealRequestAt() < intervalMs) return;
      const sending = this.#send().finally(() => this.#inFlight.delete(sending));
      this.#inFlight.add(sending);
    }, intervalMs);
    this.#timer.unref();
  }

  /** Stops ticking and waits for requests still in flight. */
  public async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await Promise.all(this.#inFlight);
    this.#agent.destroy();
  }

  #send(): Promise<void> {
    this.#sent += 1;
    return new Promise((resolve) => {
      const request = get(
        { host: '127.0.0.1', port: this.options.port, path: this.options.path ?? '/', headers: { [SYNTHETIC_HEADER]: '1' }, agent: this.#agent, timeout: 10_000 },
        (response) => {
          response.resume();
          response.on('end', resolve);
          response.on('error', () => resolve());
        },
      );
      request.on('timeout', () => request.destroy());
      // The proxy records the outcome; the generator only has to send.
      request.on('error', () => resolve());
    });
  }
}
