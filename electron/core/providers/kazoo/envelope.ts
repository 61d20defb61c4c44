import type { FastifyReply, FastifyRequest } from 'fastify';
import { hex32 } from '../samples.js';
import { stableHex32 } from './ids.js';

/** The Kazoo release the emulator answers as. */
export const KAZOO_API_VERSION = '4.3.142';
/** Crossbar names the Erlang node that answered; one per Hookbench process, like one node. */
const NODE = Buffer.from(hex32().slice(0, 16), 'hex').toString('base64url');

/** Per-field problems, as Crossbar reports them: `{field: {rule: {message, ...}}}`. */
export type ValidationErrors = Record<string, Record<string, Record<string, unknown>>>;

/** The token the request authenticates with: X-Auth-Token, or (Kazoo 4.3+) a Bearer header. */
export function requestToken(request: FastifyRequest): string | undefined {
  const header = request.headers['x-auth-token'];
  const token = Array.isArray(header) ? header[0] : header;
  if (token) return token.trim();
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
  return bearer?.[1]?.trim();
}

/** Fields every Crossbar answer carries; `request_id` echoes the caller's X-Request-ID as Kazoo does. */
function common(request: FastifyRequest) {
  const given = request.headers['x-request-id'];
  return {
    timestamp: new Date().toISOString().slice(0, 19),
    version: KAZOO_API_VERSION,
    node: NODE,
    request_id: (Array.isArray(given) ? given[0] : given) || hex32(),
    auth_token: requestToken(request) ?? '',
  };
}

/** A successful answer; `revision` is a digest of the data, which changes whenever the data does. */
export function success(request: FastifyRequest, reply: FastifyReply, data: unknown, status = 200, extra: Record<string, unknown> = {}) {
  const revision = stableHex32(JSON.stringify(data) ?? '');
  return reply.code(status).send({ ...extra, data, revision, ...common(request), status: 'success' });
}

export function failure(request: FastifyRequest, reply: FastifyReply, status: number, message: string, data: unknown) {
  return reply.code(status).send({ data, error: String(status), message, status: 'error', ...common(request) });
}

export function invalidCredentials(request: FastifyRequest, reply: FastifyReply) {
  return failure(request, reply, 401, 'invalid_credentials', { message: 'invalid credentials' });
}

/** What crossbar_doc:load answers for an id it cannot find (or one of another account). */
export function badIdentifier(request: FastifyRequest, reply: FastifyReply, id: string) {
  return failure(request, reply, 404, 'bad_identifier', { cause: id, message: 'bad identifier' });
}

export function validationFailed(request: FastifyRequest, reply: FastifyReply, errors: ValidationErrors) {
  return failure(request, reply, 400, 'validation failed', errors);
}
