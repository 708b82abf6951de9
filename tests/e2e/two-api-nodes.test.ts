import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { request as http } from '../support/http.ts';
import { insertOnlineSession } from '../support/sessions.ts';
import { type Stack, startStack } from '../support/stack.ts';

/**
 * Two API processes on one PostgreSQL: a guest waits on node A, the facilitator admits them on
 * node B, and node A's live connection tells the guest they are in — the event crossed
 * processes through PostgreSQL LISTEN/NOTIFY, not memory.
 */
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ apiNodes: 2 });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('live events across two API nodes', { timeout: 120_000 }, () => {
  it('a guest waiting on node A is admitted from node B and gets in', async () => {
    const nodeA = stack.baseUrl;
    const nodeB = stack.secondBaseUrl ?? '';
    expect(nodeB).not.toBe('');

    // The facilitator (a provider admin) signs up on A and acts on B: the session cookie is shared state.
    const email = `host-${randomUUID().slice(0, 8)}@example.org`;
    const signUp = await http(nodeA, 'POST', '/api/auth/sign-up/email', {
      name: 'Fran Host',
      email,
      password: 'a long enough password',
    });
    expect(signUp.status).toBe(200);
    // Both nodes serve one public URL (node A's, as behind one proxy), so that is the Origin
    // a browser would send to either.
    const as = { cookie: signUp.cookie, origin: nodeA };
    const provider = await http(nodeA, 'POST', '/api/providers', { name: 'Two Nodes Trust' }, as);
    const group = await http(
      nodeA,
      'POST',
      `/api/providers/${provider.json.id}/groups`,
      { name: 'Drop-in Circle', dropIns: true },
      as,
    );
    expect(group.status, JSON.stringify(group.json)).toBe(201);

    const sessionId = await insertOnlineSession(stack.databaseUrl, group.json.id, 'Drop-in Circle');
    const base = `/api/sessions/${sessionId}`;

    // The guest arrives on node A and keeps a live connection there.
    const guest = await http(nodeA, 'POST', `${base}/entries`, { displayName: 'Sky', groundRulesVersion: 1 });
    expect(guest.status, JSON.stringify(guest.json)).toBe(201);
    expect(guest.json.entry.status).toBe('waiting');
    const ws = new WebSocket(`${nodeA.replace('http', 'ws')}${base}/live`);
    const statuses: string[] = [];
    const admitted = new Promise<void>((resolve, reject) => {
      ws.on('message', (raw) => {
        const message = JSON.parse(String(raw));
        if (message.type === 'entry') statuses.push(message.entry.status);
        if (message.type === 'entry' && message.entry.status === 'admitted') resolve();
        if (message.type === 'error') reject(new Error(message.message));
      });
    });
    await new Promise((resolve) => ws.on('open', resolve));
    ws.send(JSON.stringify({ type: 'hello', entryId: guest.json.entry.id, key: guest.json.key }));

    // No way in before admission, on either node.
    const early = await http(nodeA, 'POST', `${base}/entries/${guest.json.entry.id}/token`, undefined, {
      'x-entry-key': guest.json.key,
    });
    expect(early.status).toBe(403);

    // The facilitator works on node B.
    const host = await http(nodeB, 'POST', `${base}/entries`, { displayName: 'Fran', groundRulesVersion: 1 }, as);
    expect(host.json.entry.status).toBe('admitted');
    const admit = await http(nodeB, 'POST', `${base}/entries/${guest.json.entry.id}/admit`, undefined, as);
    expect(admit.status, JSON.stringify(admit.json)).toBe(200);

    await admitted;
    expect(statuses[0]).toBe('waiting');
    ws.close();
    const token = await http(nodeA, 'POST', `${base}/entries/${guest.json.entry.id}/token`, undefined, {
      'x-entry-key': guest.json.key,
    });
    expect(token.status, JSON.stringify(token.json)).toBe(200);
    expect(token.json.identity).toBe(`entry-${guest.json.entry.id}`);
  });
});
