import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../../errors.js';

export const SESSION_COOKIE = 'hookbench_session';

/** The Set-Cookie value that signs a browser in: HttpOnly, so no page script ever reads the token. */
export const sessionCookie = (token: string) => `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;

export interface SecurityOptions {
  /** The token in force now: read on every request, so a rotated-out token stops working at once. */
  token: () => string;
  /** The control port, known only once the listener is bound. */
  port: () => number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** True when the request carries the token (bearer header or session cookie). */
    authenticated: boolean;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The control listener's gate, run before anything else: the Host must be a loopback name
 * (against DNS rebinding), a browser Origin must be this listener's own, and /api/* needs the
 * token. No CORS headers are ever sent, so other sites' pages cannot read answers.
 */
export const security = fp<SecurityOptions>(
  async (app, { token, port }) => {
    // Comparing fixed-length digests keeps the comparison constant-time whatever the lengths.
    const matches = (candidate: string | undefined) => candidate !== undefined && timingSafeEqual(digest(candidate), digest(token()));

    app.decorate('tokenMatches', matches);
    app.decorateRequest('authenticated', false);
    app.addHook('onRequest', async (request, reply) => {
      const allowed = allowedHosts(port());
      const host = request.headers.host?.toLowerCase();
      if (!host || !allowed.has(host)) {
        throw new HttpError(403, 'forbidden_host', `Hookbench's control API answers only at http://127.0.0.1:${port()}.`);
      }
      const origin = request.headers.origin?.toLowerCase();
      if (origin !== undefined && !(origin.startsWith('http://') && allowed.has(origin.slice('http://'.length)))) {
        throw new HttpError(403, 'forbidden_origin', 'Requests from other web origins are refused.');
      }
      request.authenticated = matches(bearerToken(request)) || matches(cookieValue(request, SESSION_COOKIE));
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('x-frame-options', 'DENY');
      reply.header('cache-control', 'no-store');
      if (!needsToken(request)) return;
      const site = request.headers['sec-fetch-site'];
      if (site === 'cross-site' || site === 'same-site') {
        throw new HttpError(403, 'forbidden_origin', 'Requests from other web origins are refused.');
      }
      if (!request.authenticated) {
        throw new HttpError(
          401,
          'unauthorized',
          'Send the token as "Authorization: Bearer <token>": hookbench serve prints it, and it is stored in the data folder\'s token file.',
        );
      }
    });
  },
  { name: 'security' },
);

declare module 'fastify' {
  interface FastifyInstance {
    tokenMatches(candidate: string | undefined): boolean;
  }
}

function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/**
 * Judged on the route the router matched, not only on the raw URL: the router decodes
 * percent-escapes, so `/%61pi/inboxes` reaches /api/inboxes while its raw URL does not start
 * with /api. Only the UI's entry page (which checks the token itself) and its assets are public.
 */
function needsToken(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  if (route === undefined) return isApi(request.url);
  return !PUBLIC_ROUTES.has(route);
}

const PUBLIC_ROUTES = new Set(['/', '/assets/*']);

function isApi(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
