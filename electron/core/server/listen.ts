import type { FastifyInstance } from 'fastify';

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly listener: 'control' | 'ingress',
  ) {
    const flag = listener === 'control' ? '--port' : '--ingress-port';
    super(`Port ${port} (${listener}) is already in use: choose another with ${flag} N, or stop the program using it.`);
    this.name = 'PortInUseError';
  }
}

/** Listens and answers the URL to reach it; an address in use becomes a PortInUseError. */
export async function listen(app: FastifyInstance, host: string, port: number, listener: 'control' | 'ingress'): Promise<string> {
  try {
    await app.listen({ host, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(port, listener);
    throw error;
  }
  const bound = (app.server.address() as { port: number }).port;
  return `http://${urlHost(host)}:${bound}`;
}

/** A wildcard bind is reached at loopback from this machine. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
