/** The contract for providers imported from AsyncAPI documents. */
import { Type, type Static } from '@sinclair/typebox';

/** A provider id: lowercase, URL- and header-safe, like the built-in ones (`khan`, `generic`). */
export const PROVIDER_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';

export const AsyncApiImport = Type.Object(
  {
    /** The AsyncAPI 2.x or 3.x document itself, YAML or JSON. */
    document: Type.String({ minLength: 1, maxLength: 1024 * 1024 }),
    /** The provider's id; derived from the document's title when absent. */
    id: Type.Optional(Type.String({ pattern: PROVIDER_ID_PATTERN })),
    /** The provider's name; the document's title when absent. */
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type AsyncApiImport = Static<typeof AsyncApiImport>;
