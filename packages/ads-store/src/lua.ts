import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from '@shopgraph/redis-client/redis';

type Args = (string | number)[];

/**
 * A Lua script defined on a connection (EVALSHA, loaded on first use): callable alone, or
 * queued on a pipeline (`pipelineByNode` groups them by node). Every key it touches is one
 * of its KEYS, all in one cluster slot.
 */
export function luaScript(redis: RedisClient, name: string, numberOfKeys: number, lua: string) {
  if (!(name in redis)) redis.defineCommand(name, { numberOfKeys, lua });
  return {
    call: (keys: readonly string[], args: Args): Promise<unknown> => (redis as unknown as Record<string, (...a: Args) => Promise<unknown>>)[name]!(...keys, ...args),
    queue: (pipeline: ChainableCommander, keys: readonly string[], args: Args): void => {
      (pipeline as unknown as Record<string, (...a: Args) => unknown>)[name]!(...keys, ...args);
    },
  };
}
