import type { StateCreator } from 'zustand';
import type { State } from './index.js';

/** A slice creator of the bound store: it may read and call the whole store. */
export type Slice<T> = StateCreator<State, [], [], T>;
