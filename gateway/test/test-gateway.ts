import { createLogger } from '@shopgraph/telemetry/logger';
import { loadConfig } from '../src/config.js';
import { createGateway, type RunningGateway } from '../src/create-gateway.js';
import { unreachableSubgraphs } from './unreachable-subgraphs.js';

/**
 * The gateway in this process on a spare port, logging nothing, with every subgraph
 * unreachable but those `env` points somewhere (its other settings as `env` gives them).
 */
export async function startTestGateway(env: Record<string, string>): Promise<RunningGateway> {
  return createGateway(loadConfig({ GATEWAY_PORT: '0', ...(await unreachableSubgraphs()), ...env }), createLogger('test', 'silent')).listen();
}
