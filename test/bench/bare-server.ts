// The baseline: a bare Fastify route answering 200 to the same POST, storing nothing.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/in/default', async () => ({ ok: true }));
await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`listening ${(app.server.address() as { port: number }).port}`);
