// The projector's public entry point: the process (for tests and embedding), its
// configuration, and the recovery tools the operators' scripts and the chaos run use.
export { loadProjectorConfig, type ProjectorConfig } from './config.js';
export { startProjector } from './start-projector.js';
export { connectRecovery, createRecovery, type Recovery, type RecoveryOptions } from './recovery/recovery.js';
export type { RebuildOptions, RebuildReport, Rebuilder } from './recovery/rebuild.js';
export type { Projector } from './projection/projector.js';
export type { VerifyReport } from './recovery/verify.js';
export { parseSince } from './recovery/since.js';
export { createCommandSources, type CommandSources } from './sources/command-sources.js';
