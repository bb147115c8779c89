import type { ApolloServerPlugin } from '@apollo/server';
import type { ServerResponse } from 'node:http';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import { requestTimer } from '@shopgraph/telemetry/graphql-metrics-plugin';
import { counter } from '@shopgraph/telemetry/metrics';
import { VALID_UNTIL_HEADER } from '@shopgraph/graphql-conventions/valid-until';

/** Which operations a service answers from compiled code once Apollo Server has validated them. */
export type CompiledOperationFilter = (operation: OperationDefinitionNode) => boolean;

const keyOf = (query: string, operationName: string | null | undefined) => `${operationName ?? ''}\n${query}`;

/**
 * Operations answered without Apollo Server's request pipeline once it has seen them. The
 * gateway sends a subgraph the same few documents again and again (a customer read, the
 * fetches of a query plan); for each one Apollo Server has parsed, validated and `accepts`
 * takes, graphql-jit compiles its execution once (`plugin`), and later requests with the
 * same text and operation name are executed by the compiled code with the same resolvers
 * and context, ahead of Apollo Server (`answer`). Under read load, Apollo's pipeline and
 * graphql-js's execution (its type checks per value, the cache-control plugin's hook per
 * field) were most of a subgraph's CPU.
 *
 * Only a clean answer is sent from here: an answer with errors (a bad variable, a budget, a
 * store being rebuilt) goes on to Apollo Server, which executes the operation again and
 * formats, logs and counts the errors the one way it does. So `accepts` only takes
 * operations that may run twice when they fail: reads, whose writes (a slate's impressions)
 * come last, after everything that can refuse.
 *
 * A context's `validUntil` (see valid-until.ts) is sent as Apollo Server's plugin sends it.
 */
export function createCompiledOperations<C extends object>(schema: GraphQLSchema, accepts: CompiledOperationFilter, { service, max = 200 }: { service: string; max?: number }) {
  const known = new LRUCache<string, { compiled: CompiledQuery; name: string | undefined }>({ max });
  // By service: one process may host several (the tests do; so may a small deployment).
  const answered = counter({ name: 'shopgraph_compiled_operations_total', help: 'GraphQL requests answered by compiled code, ahead of Apollo Server', labelNames: ['service'] as const });
  return {
    plugin(): ApolloServerPlugin<C> {
      return {
        async requestDidStart() {
          return {
            async didResolveOperation({ request, operation, document }) {
              if (!request.query || !operation || operation.operation !== 'query' || !accepts(operation)) return;
              const key = keyOf(request.query, request.operationName);
              if (known.has(key)) return;
              const compiled = compileQuery(schema, document as DocumentNode, request.operationName ?? undefined);
              if (isCompiledQuery(compiled)) known.set(key, { compiled, name: operation.name?.value });
            },
          };
        },
      };
    },
    /**
     * Answers a request's parsed body from compiled code if its operation is known and the
     * answer is clean; false when it did not answer (Apollo Server then does, as it would have).
     */
    async answer(body: unknown, contextOf: () => Promise<C>, res: ServerResponse): Promise<boolean> {
      const request = body as { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown } | null | undefined;
      if (typeof request?.query !== 'string' || request.extensions !== undefined) return false;
      const { query, operationName, variables } = request;
      if ((operationName != null && typeof operationName !== 'string') || (variables != null && (typeof variables !== 'object' || Array.isArray(variables)))) return false;
      const found = known.get(keyOf(query, operationName));
      if (!found) return false;
      const timer = requestTimer();
      try {
        const context = await contextOf();
        const result = await found.compiled.query(undefined, context, (variables ?? {}) as Record<string, unknown>);
        if (result.errors?.length || !result.data) return false;
        const text = JSON.stringify({ data: result.data });
        const headers: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) };
        const { validUntil } = context as { validUntil?: number };
        if (validUntil !== undefined) headers[VALID_UNTIL_HEADER] = new Date(validUntil).toISOString();
        res.writeHead(200, headers).end(text);
        answered.inc({ service });
        timer(found.name, 'ok');
        return true;
      } catch {
        // Anything unexpected: Apollo Server answers it, as it would have.
        return res.headersSent;
      }
    },
  };
}

export type CompiledOperations = ReturnType<typeof createCompiledOperations>;
