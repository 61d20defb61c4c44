import type { FastifyError, FastifyInstance, FastifySchemaValidationError } from 'fastify';
import { HttpError, storageFault, storageUnavailable } from '../../errors.js';
import type { Logger } from '../../log.js';

/** One JSON error shape for every failure; 5xx details stay in the log. */
export function installErrorHandling(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message, field: error.field } });
    }
    if (error.validation) {
      const { field, message } = validationProblem(error.validation, error.validationContext ?? 'request');
      return reply.code(400).send({ error: { code: 'invalid_request', message, field } });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return reply.code(400).send({ error: { code: 'invalid_json', message: `The body is not valid JSON: ${error.message}.` } });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      return reply.code(status).send({ error: { code: error.code ?? 'bad_request', message: error.message } });
    }
    log.error(`${request.method} ${request.routeOptions.url ?? ''} failed: ${error.stack ?? error.message}`);
    // A full or read-only disk is the user's to fix, so it is named rather than hidden as internal.
    const fault = storageFault(error);
    if (fault) {
      const answer = storageUnavailable(fault);
      return reply.code(answer.statusCode).send({ error: { code: answer.code, message: answer.message } });
    }
    return reply
      .code(500)
      .send({ error: { code: 'internal', message: 'Something went wrong inside Hookbench; its log has the details.' } });
  });

  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` } }),
  );
}

/**
 * What a field asks for, in words, by the schema keyword it failed and the field's name: a
 * pattern reads like noise, and "must NOT have more than 1 properties" names no choice.
 */
const HINTS: Record<string, string> = {
  'pattern cursor': 'is not a cursor this API gave: pass the nextCursor of the page before, or leave it out for the first page',
  'pattern slug': 'must be 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit',
  'maxProperties retry': 'takes either "preset" or "schedule", not both',
  'minProperties retry': 'needs "preset" (exponential, standard-webhooks or none) or "schedule" (a list of delays in ms)',
};

/**
 * One problem, named by its field, out of what the schema validator found. Of a union's
 * branches, the error deepest in the input is the likeliest meant (`retry.schedule.0` rather
 * than "must match a schema in anyOf"); an unknown field is named itself.
 */
export function validationProblem(errors: FastifySchemaValidationError[], context: string): { field: string | undefined; message: string } {
  const depth = (error: FastifySchemaValidationError) => error.instancePath.split('/').length;
  const specific = errors.filter((error) => error.keyword !== 'anyOf' && error.keyword !== 'oneOf');
  const chosen = [...(specific.length > 0 ? specific : errors)].sort((a, b) => depth(b) - depth(a))[0];
  const path = chosen?.instancePath.replace(/^\//, '').replace(/\//g, '.') ?? '';
  const named = (key: unknown) => [path, String(key)].filter(Boolean).join('.');
  const params = chosen?.params ?? {};
  if (params['additionalProperty'] !== undefined) {
    const field = named(params['additionalProperty']);
    return { field, message: `Invalid ${context}: "${field}" is not a field here; check its spelling.` };
  }
  if (params['missingProperty'] !== undefined) {
    const field = named(params['missingProperty']);
    return { field, message: `Invalid ${context}: "${field}" is required.` };
  }
  const hint = HINTS[`${chosen?.keyword} ${path.split('.').at(-1)}`];
  const allowed = chosen?.keyword === 'enum' ? (params['allowedValues'] as unknown[] | undefined) : undefined;
  const problem =
    hint ?? (allowed ? `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}` : chosen?.message) ?? 'is not valid';
  return { field: path || undefined, message: path ? `Invalid ${context}: ${path} ${problem}.` : `The ${context} ${problem}.` };
}
