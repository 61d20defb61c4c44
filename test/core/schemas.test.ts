import { afterEach, describe, expect, it } from 'vitest';
import { schemaCompilers } from '../../electron/core/server/lazy-schemas.js';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

/** Requests whose answers depend on the route schemas: validation, coercion and serialization. */
async function answers(api: TestCore['api']) {
  const unknownField = await api('POST', '/api/hooks', { url: 'http://127.0.0.1:9/x', evnets: ['ping'] });
  const wrongType = await api('POST', '/api/inboxes', { response: { delayMs: 'soon' } });
  const coercedLimit = await api('GET', '/api/hooks?limit=2');
  const badLimit = await api('GET', '/api/hooks?limit=lots');
  const health = await api('GET', '/api/health');
  return {
    unknownField: [unknownField.status, unknownField.body.error?.code],
    wrongType: [wrongType.status, wrongType.body.error?.field],
    coercedLimit: coercedLimit.status,
    badLimit: [badLimit.status, badLimit.body.error?.field],
    health: Object.keys(health.body).sort(),
  };
}

describe('control API schemas', () => {
  it('all compile: a core that compiles them at start (as Fastify would) starts', async () => {
    core = await startTestCore({ eagerSchemas: true });
    expect((await core.api('GET', '/api/health')).status).toBe(200);
  });

  it('answer the same compiled on first use as compiled at start', async () => {
    core = await startTestCore({ eagerSchemas: true });
    const eager = await answers(core.api);
    await core.dispose();
    core = await startTestCore();
    const lazy = await answers(core.api);
    expect(lazy).toEqual(eager);
    expect(lazy.unknownField[0]).toBe(400);
    expect(lazy.wrongType).toEqual([400, 'response.delayMs']);
    expect(lazy.coercedLimit).toBe(200);
    expect(lazy.badLimit[0]).toBe(400);
  });
});

describe('schemas compiled on first use', () => {
  it("pass Ajv's parent context through, so a root value is coerced in place, and report errors", () => {
    const { buildValidator } = schemaCompilers({ eager: false });
    type Validate = ((data: unknown, context?: unknown) => boolean) & { errors?: unknown[]; schemaEnv?: unknown };
    const compile = (buildValidator as unknown as (schemas: object, options: object) => (route: object) => Validate)(
      {},
      { customOptions: { coerceTypes: 'array' } },
    );
    const validate = compile({ schema: { type: 'integer' }, method: 'GET', url: '/count', httpPart: 'querystring' });
    expect(validate.schemaEnv).toBeDefined();
    const request = { query: '5' as unknown };
    expect(validate(request.query, { parentData: request, parentDataProperty: 'query' })).toBe(true);
    expect(request.query).toBe(5);
    expect(validate('five')).toBe(false);
    expect(validate.errors).toHaveLength(1);
  });
});
