import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Notification, Notifier } from '../../ports/notifier.js';

/** An email as the outbox keeps it. */
export interface OutboxMessage extends Notification {
  readonly id: string;
  /** ISO instant it was sent. */
  readonly sentAt: string;
  /** Every http(s) link in the text body. */
  readonly links: readonly string[];
}

/**
 * The SNS stand-in for local mode: each email is written to `<dataDir>/outbox/` as JSON
 * (subject, text and HTML bodies, recipients, links) and announced on the console with its
 * links, so a person running `upkeep start` can click an approval link straight away.
 *
 * @example
 * ```ts
 * const notifier = new OutboxNotifier({ dir: '.upkeep/outbox', print: console.log });
 * ```
 */
export class OutboxNotifier implements Notifier {
  private readonly dir: string;
  private readonly print: (line: string) => void;
  private readonly now: () => Date;

  public constructor(options: { readonly dir: string; readonly print?: (line: string) => void; readonly now?: () => Date }) {
    this.dir = options.dir;
    this.print = options.print ?? (() => undefined);
    this.now = options.now ?? (() => new Date());
  }

  public async publish(message: Notification): Promise<void> {
    const sentAt = this.now().toISOString();
    const id = `${sentAt.replace(/[:.]/g, '-')}-${message.kind}-${randomBytes(4).toString('hex')}`;
    const links = [...message.text.matchAll(/https?:\/\/[^\s<>"')]+/g)].map((m) => m[0]);
    const stored: OutboxMessage = { ...message, id, sentAt, links };
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, `${id}.json`), `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    const to = message.to?.length ? ` → ${message.to.join(', ')}` : '';
    this.print(`✉  ${message.subject}${to}${links.length ? `\n   ${links.join('\n   ')}` : ''}`);
  }

  /** Every message in the outbox, oldest first. */
  public async list(): Promise<OutboxMessage[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json')).sort();
    } catch {
      return [];
    }
    return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(this.dir, n), 'utf8')) as OutboxMessage));
  }
}
