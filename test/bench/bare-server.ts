// Baselines: a bare Fastify route answering 200 (the capture baseline, and the sink the
// dispatcher and raw undici both send to). Stores nothing.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
/** Requests the sink has answered: the dispatch bench watches this rather than poll Hookbench under load. */
let sunk = 0;
app.post('/in/default', async () => ({ ok: true }));
app.post('/sink/*', async () => {
  sunk += 1;
  return { ok: true };
});
app.get('/count', async () => ({ sunk }));
await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`listening ${(app.server.address() as { port: number }).port}`);
