// The memory baseline: a bare `ws` server that keeps each connection and answers its first
// message with one JSON message, as the API answers a waiting person's hello.
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.PORT) });
server.on('connection', (ws) => {
  ws.once('message', (raw) => {
    const hello = JSON.parse(String(raw)) as { entryId: string };
    ws.send(JSON.stringify({ type: 'entry', entry: { id: hello.entryId, status: 'waiting', position: 1 } }));
  });
});
