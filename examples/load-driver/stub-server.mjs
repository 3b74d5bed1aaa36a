// A stand-in for the cloud on 127.0.0.1: answers every request with a small 200 and keeps
// connections alive, so a client that opens its own keep-alive sockets shows up as open
// connections here. Nothing the demo does leaves the machine.
import { createServer } from 'node:http';

export async function startStubServer() {
  const sockets = new Set();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/xml', 'x-amz-request-id': 'stub', etag: '"stub"' });
      res.end('<ok/>');
    });
  });
  // Long enough that idle keep-alive sockets outlive a demo phase, as they would under load.
  server.keepAliveTimeout = 120_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    openConnections: () => sockets.size,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
