/** Schema building blocks the shared contract modules use (schemas.ts, answers.ts and the rest). */
import { Kind, Type, TypeRegistry } from '@sinclair/typebox';

// Two custom kinds, registered so TypeBox's own checker knows them too. A TypeBox union is an
// `anyOf`, which the response serializer checks branch by branch for every value it writes;
// these are plain JSON Schema instead.
TypeRegistry.Set<{ enum: string[] }>('StringEnum', (schema, value) => typeof value === 'string' && schema.enum.includes(value));
TypeRegistry.Set('NullableString', (_schema, value) => typeof value === 'string' || value === null);

/** A string from a fixed set, as a JSON Schema `enum`. */
export const StringEnum = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>({ [Kind]: 'StringEnum', type: 'string', enum: [...values] });

/** A string or null, as `type: ['string', 'null']`. */
export const NullableString = () => Type.Unsafe<string | null>({ [Kind]: 'NullableString', type: ['string', 'null'] });

export const HEADER_NAME_PATTERN = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";
