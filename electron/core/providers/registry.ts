import { generic } from './generic/index.js';
import type { ProviderDefinition } from './types.js';

/** Every provider Hookbench speaks as, by id. */
export const providers: ReadonlyMap<string, ProviderDefinition> = new Map([generic].map((provider) => [provider.id, provider]));
