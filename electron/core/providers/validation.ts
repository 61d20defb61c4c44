import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { HttpError } from '../errors.js';

/** User-written schemas may use keywords Ajv does not know; they are ignored rather than refused. */
// Schemas are compiled per object (cached below) and never looked up by `$id`: Ajv must not keep
// them by id, or the same `$id` in a changed schema would be refused as a duplicate.
const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, addUsedSchema: false });
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
  const mismatch = sample === undefined ? undefined : firstMismatch(schema, sample);
  if (mismatch) {
    throw new HttpError(400, 'invalid_sample', `The sample does not match the schema ${mismatch.text}.`, `sample${mismatch.pointer}`);
  }
}

/** The first problem of `value` against `schema`, as a phrase: `at "/x": must be string (and 2 more)`. */
function firstMismatch(schema: Record<string, unknown>, value: unknown): { pointer: string; text: string } | undefined {
  const [first, ...rest] = schemaProblems(schema, value);
  if (!first) return undefined;
  const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
  return { pointer: first.pointer, text: `at "${first.pointer || '/'}": ${first.reason}${more}` };
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
  const mismatch = firstMismatch(schema, payload);
  if (!mismatch) return;
  throw new HttpError(
    400,
    'invalid_payload',
    `The payload does not match the ${typeName} schema ${mismatch.text}. Fix it, or send it anyway ("validate": false over the API, --no-validate on the command line, "Send anyway" in the workbench).`,
    `payload${mismatch.pointer}`,
  );
}
