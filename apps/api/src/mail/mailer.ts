import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';

export interface Message {
  to: string;
  subject: string;
  /** Plain text: readable in every mail client and by screen readers. */
  text: string;
  /** Kind of message, for tests and logs, e.g. "sign-in-link". */
  tag: string;
}

export interface OutboxMessage extends Message {
  id: string;
  from: string;
  sentAt: string;
}

export interface Mailer {
  send(message: Message): Promise<void>;
}

/**
 * SMTP when configured. Otherwise every message is written as JSON to the outbox folder
 * and logged, so development and tests can read what a person would have received.
 */
export function createMailer(config: Config['mail'], log: FastifyBaseLogger): Mailer {
  if (config.transport.kind === 'smtp') {
    const transport = nodemailer.createTransport(config.transport.url);
    return {
      async send(message) {
        await transport.sendMail({ from: config.from, to: message.to, subject: message.subject, text: message.text });
        log.info({ tag: message.tag }, 'email sent');
      },
    };
  }
  const dir = config.transport.dir;
  return {
    async send(message) {
      await mkdir(dir, { recursive: true });
      const stored: OutboxMessage = {
        ...message,
        id: randomUUID(),
        from: config.from,
        sentAt: new Date().toISOString(),
      };
      const file = path.join(dir, `${stored.sentAt.replaceAll(':', '-')}-${stored.id}.json`);
      await writeFile(file, JSON.stringify(stored, null, 2));
      log.info({ tag: message.tag, to: message.to, file }, 'email written to the outbox (no SMTP configured)');
    },
  };
}

/** Reads the outbox, oldest first; for development tools and tests. */
export async function readOutbox(dir: string): Promise<OutboxMessage[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf8')) as OutboxMessage));
}
