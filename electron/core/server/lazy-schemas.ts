import AjvCompiler from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type Factories = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type Validate = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };

/**
 * Fastify's own compilers (Ajv for validation, fast-json-stringify for answers), with each route's
 * schemas compiled when the route is first used instead of when the server starts: compiling
 * every route up front was about a third of a cold start. A route's first request pays for its
 * own schemas (a few milliseconds), once. `eager` compiles them all at start, as Fastify does,
 * so a schema that does not compile stops the start (a test starts a core that way).
 *
 * Fastify treats these as custom compilers, so it leaves `headers` schemas as written instead of
 * lower-casing their property names: a route that declares one must name headers in lower case.
 */
export function schemaCompilers({ eager }: { eager: boolean }): Factories {
  const buildValidator = AjvCompiler();
  const buildSerializer = SerializerSelector();
  if (eager) return { buildValidator, buildSerializer };
  const lazyValidator: typeof buildValidator = (externalSchemas, ajvOptions) => {
    const compile = buildValidator(externalSchemas, ajvOptions);
    return (route) => {
      let validate: Validate | undefined;
      const compiled = () => (validate ??= compile(route) as Validate);
      const lazy = (data: unknown, context?: unknown) => compiled()(data, context);
      // Fastify reads these from the function it was given: a failed validation's errors, and
      // Ajv's schemaEnv (then it passes the parent, so a root value can be coerced in place).
      Object.defineProperty(lazy, 'errors', { get: () => validate?.errors });
      Object.defineProperty(lazy, 'schemaEnv', { get: () => compiled().schemaEnv });
      return lazy as ReturnType<typeof compile>;
    };
  };
  return {
    buildValidator: lazyValidator,
    buildSerializer: (externalSchemas, serializerOptions) => {
      const compile = buildSerializer(externalSchemas, serializerOptions);
      return (route) => {
        let serialize: ((data: unknown) => string) | undefined;
        return (data: unknown) => (serialize ??= compile(route))(data);
      };
    },
  };
}
