import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { formatClientError } from '@shopgraph/graphql-conventions/errors';
import { errorLoggingPlugin } from '@shopgraph/service-shell/graphql-service';
import { graphqlMetricsPlugin } from '@shopgraph/telemetry/graphql-metrics-plugin';
import type { IdentitySigner } from '@shopgraph/identity/identity';
import { requestGuardPlugin } from '@shopgraph/service-shell/request-guard-plugin';
import type { GatewayConfig } from './config.js';
import type { PlannedRequest } from './planned-request.js';
import type { GatewayContext } from './gateway-context.js';
import { IdentityDataSource } from './identity-data-source.js';
import { retryAfterPlugin } from './retry-after-plugin.js';
import { shopBudgetPlugin } from './shop-budget-plugin.js';
import { useStrictScalars } from './strict-scalars.js';
import type { SubgraphFetch } from '@shopgraph/service-shell/subgraph-fetch';

export interface ApolloRuntimeOptions {
  config: Pick<GatewayConfig, 'introspection' | 'limits' | 'subgraphUrls'>;
  /** Composed at build time, so the gateway starts while any subgraph is down. */
  supergraphSdl: string;
  /** The gateway's bounded fetch, for every subgraph request. */
  subgraphFetch: SubgraphFetch;
  /** Signs an identity for one subgraph's audience. */
  signerFor: (subgraph: string) => IdentitySigner;
  /** The throttles' plugin; null when they are off. */
  throttle: ApolloServerPlugin<GatewayContext> | null;
  /** The customer read path's part inside Apollo Server (`createCustomerReads`); null when off. */
  customerReads: ApolloServerPlugin<GatewayContext> | null;
  /** Told every query plan the executor runs (the customer read path learns slates from them); null when nothing listens. */
  planned: ((planned: PlannedRequest) => void) | null;
}

/**
 * Apollo Server 5 over @apollo/gateway, with the gateway's limits (graphql-armor, tokens,
 * shops per request) and plugins in the order they must run. Not started: `apollo.start()`
 * is the caller's. `validationRules` are the same checks, for operations that do not go
 * through Apollo Server (live updates).
 */
export function createApolloRuntime({ config, supergraphSdl, subgraphFetch, signerFor, throttle, customerReads, planned }: ApolloRuntimeOptions): {
  apollo: ApolloServer<GatewayContext>;
  validationRules: ReturnType<ApolloArmor['protect']>['validationRules'];
} {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new IdentityDataSource(config.subgraphUrls[name] ?? url!, signerFor(name), subgraphFetch, name),
    // With the Apollo-Query-Plan-Experimental header, development answers carry the query plan.
    __exposeQueryPlanExperimental: config.introspection,
    ...(planned ? { experimental_didResolveQueryPlan: planned } : {}),
  });
  useStrictScalars(gateway);
  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.maxDepth },
    maxAliases: { n: config.limits.maxAliases },
    // graphql-armor's token limit re-parses every document in a plugin, where its syntax
    // errors (and, through its catch-all, every unexpected error) become HTTP 500s;
    // graphql-js's parser counts tokens itself (parseOptions below): a 400 like any syntax error.
    maxTokens: { enabled: false },
    costLimit: { maxCost: config.limits.maxCost },
    maxDirectives: { n: 20 },
    // Field suggestions leak the schema when introspection is off.
    blockFieldSuggestion: { enabled: !config.introspection },
  });
  const protection = armor.protect();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: formatClientError,
    validationRules: protection.validationRules,
    parseOptions: { maxTokens: config.limits.maxTokens },
    allowBatchedHttpRequests: false,
    // Plugins written for any context are typed for BaseContext; ApolloServerPlugin is invariant in it.
    plugins: [
      graphqlMetricsPlugin(),
      ...protection.plugins,
      requestGuardPlugin(),
      shopBudgetPlugin(config.limits.maxShops),
      ...(throttle ? [throttle] : []),
      errorLoggingPlugin(),
      retryAfterPlugin(),
      ...(customerReads ? [customerReads] : []),
      config.introspection ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled(),
    ] as ApolloServerPlugin<GatewayContext>[],
  });
  return { apollo, validationRules: protection.validationRules };
}
