import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { HttpError } from '../errors.js';

/** User-written schemas may use keywords Ajv does not know; they are ignored rather than refused. */
const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
addFormats.default(ajv);

const compiled = new WeakMap<object, ValidateFunction>();

/** Problems of a payload against a JSON Schema: where (a JSON pointer) and why. */
export interface SchemaProblem {
  pointer: string;
  reason: string;
}

/**
 * Refuses, when a user's event type is saved, a schema that cannot be compiled and a given
 * sample that does not match it: either would only fail later, when the type is fired.
 */
export function assertEventType(schema: Record<string, unknown>, sample: unknown): void {
  try {
    compiledSchema(schema);
  } catch (error) {
    throw new HttpError(400, 'invalid_schema', `The schema cannot be used: ${(error as Error).message}.`, 'schema');
  }
  if (sample === undefined) return;
  const [first, ...rest] = schemaProblems(schema, sample);
  if (!first) return;
  const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
  throw new HttpError(
    400,
    'invalid_sample',
    `The sample does not match the schema at "${first.pointer || '/'}": ${first.reason}${more}.`,
    `sample${first.pointer}`,
  );
}

function compiledSchema(schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

export function schemaProblems(schema: Record<string, unknown>, payload: unknown): SchemaProblem[] {
  let validate: ValidateFunction;
  try {
    validate = compiledSchema(schema);
  } catch (error) {
    return [{ pointer: '', reason: `the event type's schema cannot be used: ${(error as Error).message}` }];
  }
  return validate(payload) ? [] : (validate.errors ?? []).map(problem);
}

function problem(error: ErrorObject): SchemaProblem {
  const pointer = error.instancePath;
  if (error.keyword === 'required') return { pointer, reason: `must have property "${String(error.params['missingProperty'])}"` };
  if (error.keyword === 'additionalProperties') {
    return { pointer, reason: `must not have property "${String(error.params['additionalProperty'])}"` };
  }
  return { pointer, reason: error.message ?? error.keyword };
}

/** Refuses a payload that does not match its event type's schema, naming the first problem. */
export function assertMatches(schema: Record<string, unknown>, payload: unknown, typeName: string): void {
  const [first, ...rest] = schemaProblems(schema, payload);
  if (!first) return;
  const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
  throw new HttpError(
    400,
    'invalid_payload',
    `The payload does not match the ${typeName} schema at "${first.pointer || '/'}": ${first.reason}${more}. Fix it, or send it anyway ("validate": false over the API, --no-validate on the command line, "Send anyway" in the workbench).`,
    `payload${first.pointer}`,
  );
}
