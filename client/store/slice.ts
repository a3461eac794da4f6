import type { StateCreator } from 'zustand';

/**
 * The creator of one slice of the store: `S` is what the slice holds, `Reads` the other slices it calls
 * through `get()`. Naming them keeps a slice's dependencies in its signature, and the slice files free of
 * an import cycle through the store's combined type.
 */
export type SliceCreator<S, Reads = unknown> = StateCreator<S & Reads, [], [], S>;
