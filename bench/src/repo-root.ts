import { fileURLToPath } from 'node:url';

/**
 * The checkout's root. npm runs a bench in its workspace (bench/), but the benches start the
 * stack's built services by their paths from the root, as `npm start` does.
 */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where every bench writes its JSON: bench-results/ at the root, where docs/benchmarks.md cites the runs. */
export const RESULTS_DIR = fileURLToPath(new URL('../../bench-results/', import.meta.url));
