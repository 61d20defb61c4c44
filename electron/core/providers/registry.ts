import { generic } from './generic/index.js';
import { codewars } from './codewars/index.js';
import { vyte } from './vyte/index.js';
import { khan } from './khan/index.js';
import { challengeme } from './challengeme/index.js';
import { kazoo } from './kazoo/index.js';
import type { ProviderDefinition } from './types.js';

/** Every provider Hookbench speaks as, by id. */
export const providers: ReadonlyMap<string, ProviderDefinition> = new Map(
  [generic, codewars, vyte, khan, challengeme, kazoo].map((provider) => [provider.id, provider]),
);
