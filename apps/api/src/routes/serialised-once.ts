import type { FastifyReply } from 'fastify';

/**
 * Serialising is most of a held answer's cost, so the same answer goes out as the same bytes,
 * made once by the route's own schema serialiser (so only what the schema allows goes out).
 * `key` is the object a service hands out again for the same answer; it must not change after.
 */
export function serialisedOnce<K extends object>() {
  const bytes = new WeakMap<K, string>();
  return <T>(reply: FastifyReply, key: K, answer: T): T => {
    let body = bytes.get(key);
    if (body === undefined) {
      body = String(reply.serialize(answer));
      bytes.set(key, body);
    }
    const sent = body;
    reply.serializer(() => sent).type('application/json; charset=utf-8');
    return answer;
  };
}
