/** Counters for one host (or all hosts together). */
export interface HostStats {
  /** Attempts sent, retries included. */
  readonly requests: number;
  /** Decoded body bytes received. */
  readonly bytes: number;
  /** Answers of 304 Not Modified served from the cache. */
  readonly notModified: number;
  /** Attempts repeated after a 429, 5xx, timeout or network error. */
  readonly retries: number;
  /** Requests that ended in an error after all retries. */
  readonly failures: number;
}

/** A snapshot of the HTTP client's counters, for metrics and benchmarks. */
export interface HttpStats {
  readonly total: HostStats;
  readonly hosts: Readonly<Record<string, HostStats>>;
}

type Counter = keyof HostStats;

const zero = (): Record<Counter, number> => ({ requests: 0, bytes: 0, notModified: 0, retries: 0, failures: 0 });

/** Mutable per-host counters behind {@link HttpStats}. */
export class HttpCounters {
  readonly #hosts = new Map<string, Record<Counter, number>>();

  public add(host: string, counter: Counter, amount = 1): void {
    let entry = this.#hosts.get(host);
    if (entry === undefined) {
      entry = zero();
      this.#hosts.set(host, entry);
    }
    entry[counter] += amount;
  }

  public snapshot(): HttpStats {
    const total = zero();
    const hosts: Record<string, HostStats> = {};
    for (const [host, entry] of this.#hosts) {
      hosts[host] = { ...entry };
      for (const key of Object.keys(total) as Counter[]) total[key] += entry[key];
    }
    return { total, hosts };
  }

  public reset(): void {
    this.#hosts.clear();
  }
}
