// The read model shared by its writer (the projector) and its reader (the display
// subgraph): the document, its key layout and the store with its versioned Lua write.
export { createReadModelStore, type Generation, type MissingReason, type ReadModelStore, type ReadModelStoreOptions, type WriteResult } from './read-model-store.js';
export { readModelEnv } from './read-model-env.js';
export type * from './shop-document.js';
