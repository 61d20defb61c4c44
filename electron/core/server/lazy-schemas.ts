import AjvCompiler from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type Factories = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type Validate = ((data: unknown) => unknown) & { errors?: unknown };

/**
 * Fastify's own compilers (Ajv for validation, fast-json-stringify for answers), but each route's
 * schema is compiled when the route is first used instead of when the server starts: compiling
 * every route of both apps up front was about a fifth of a cold start. A route's first request
 * pays for its own schema (a few milliseconds), once.
 */
export function lazySchemaCompilers(): Factories {
  const buildValidator = AjvCompiler();
  const buildSerializer = SerializerSelector();
  const lazyValidator: typeof buildValidator = (externalSchemas, ajvOptions) => {
    const compile = buildValidator(externalSchemas, ajvOptions);
    return (route) => {
      let validate: Validate | undefined;
      const lazy = (data: unknown) => (validate ??= compile(route) as Validate)(data);
      // Fastify reads a failed validation's errors from the function it was given.
      Object.defineProperty(lazy, 'errors', { get: () => validate?.errors });
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
