import type { CommandSystem } from '@shopgraph/events/events';
import { ANONYMOUS, createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { createLogger } from '@shopgraph/telemetry/logger';
import type { RunningServer } from '@shopgraph/service-shell/http-server';
import { loadConfig as ownerConfig, startOwnerSubgraph } from '@shopgraph/owner-subgraph';
import { loadConfig as reviewConfig, startReviewSubgraph } from '@shopgraph/review-subgraph';
import { loadConfig as shopConfig, startShopSubgraph } from '@shopgraph/shop-subgraph';
import { createTestDatabase } from '@shopgraph/testing/test-database';
import { TEST_PASSWORD_HASH_COST } from '@shopgraph/testing/test-password-hash-cost';
import { dataOf, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { loadProjectorConfig } from '../src/config.js';
import { startProjector } from '../src/start-projector.js';
import { createCommandSources, type CommandSources } from '../src/sources/command-sources.js';
import { SourceUnavailableError } from '@shopgraph/service-shell/service-client';

const SECRET = 'display-test-internal-secret';

/**
 * The whole command side in this process (owner, shop and review subgraphs on spare
 * ports, one fresh database, one queue prefix), plus helpers to drive it and to start
 * projectors against it. `close()` stops everything and removes its data.
 */
/**
 * `projectorEnv`: settings over the defaults for its projectors. The read-model keeper is
 * off unless a test turns it on: its rebuilds would race the rebuilds the tests count.
 */
export async function startCommandSide(label: string, projectorEnv: Record<string, string> = { READ_MODEL_CHECK_MS: '0' }) {
  const db = await createTestDatabase(label);
  const prefix = uniquePrefix(label);
  const common = { DATABASE_URL: db.url, QUEUE_REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, INTERNAL_TOKEN_SECRET: SECRET };
  const silent = (name: string) => createLogger(name, 'silent');
  // These tests sign owners up by the dozen.
  const owner = await startOwnerSubgraph(ownerConfig({ ...common, OWNER_PORT: '0', PASSWORD_HASH_COST: TEST_PASSWORD_HASH_COST }), silent('owner'));
  const shop = await startShopSubgraph(shopConfig({ ...common, SHOP_PORT: '0' }), silent('shop'));
  const review = await startReviewSubgraph(reviewConfig({ ...common, REVIEW_PORT: '0' }), silent('review'));
  const identities = createIdentityCodec(SECRET);
  const projectors: RunningServer[] = [];

  const projectorConfig = loadProjectorConfig({
    ...common,
    PROJECTOR_PORT: '0',
    READ_MODEL_REDIS_URL: TEST_REDIS_URL,
    READ_MODEL_PREFIX: prefix,
    OWNER_URL: owner.graphqlUrl,
    SHOP_URL: shop.graphqlUrl,
    REVIEW_URL: review.graphqlUrl,
    ...projectorEnv,
  });

  /** As the gateway calls: signed for the owner, or signed anonymous. */
  async function as(audience: CommandSystem, ownerId?: string): Promise<Record<string, string>> {
    return { [IDENTITY_HEADER]: await identities.sign(ownerId ? { kind: 'owner', ownerId } : ANONYMOUS, audience) };
  }

  return {
    prefix,
    owner,
    shop,
    review,
    identities,
    projectorConfig,
    /** Starts one projector process-equivalent; `sources` lets a test interpose on source reads. */
    async startProjector(sources?: CommandSources) {
      const projector = await startProjector(projectorConfig, silent('projector'), sources);
      projectors.push(projector);
      return projector;
    },
    /**
     * Starts a projector whose shop reads fail as if the shop subgraph were unreachable
     * whenever `shopSourceDown()` says so (asked once per read; the projector reads shops
     * in bulk, see batched-sources.ts).
     */
    async startProjectorWithShopSource(shopSourceDown: () => boolean) {
      const sources = createCommandSources({ ...projectorConfig.sources, identity: identities });
      return this.startProjector({
        ...sources,
        async shopSnapshots(ids) {
          if (shopSourceDown()) throw new SourceUnavailableError('shop subgraph unreachable (simulated)');
          return sources.shopSnapshots(ids);
        },
      });
    },
    /** The port of the most recently started projector. */
    async projectorPort() {
      return projectors.at(-1)!.port;
    },
    async signUp(name = '김사장') {
      const email = `${uniquePrefix('owner')}@example.com`;
      const response = await graphqlRequest(owner.graphqlUrl, `mutation($i: SignUpInput!) { signUp(input: $i) { owner { id } } }`, {
        i: { email, password: 'password1', name },
      }, await as('owner'));
      return dataOf(response).signUp.owner.id as string;
    },
    async mutate(subgraph: 'owner' | 'shop' | 'review', query: string, variables: Record<string, unknown>, ownerId?: string) {
      const url = { owner: owner.graphqlUrl, shop: shop.graphqlUrl, review: review.graphqlUrl }[subgraph];
      return dataOf(await graphqlRequest(url, query, variables, await as(subgraph, ownerId)));
    },
    async createShop(ownerId: string, name = '교촌치킨 역삼점') {
      const data = await this.mutate(
        'shop',
        `mutation($i: CreateShopInput!) { createShop(input: $i) { id } }`,
        { i: { name, category: 'CHICKEN', phone: '02-123-4567', address: '서울 강남구' } },
        ownerId,
      );
      return data.createShop.id as string;
    },
    async close() {
      for (const projector of projectors) await projector.close();
      await Promise.all([owner.close(), shop.close(), review.close()]);
      await db.drop();
      await deleteKeysWithPrefix(prefix);
    },
  };
}

export type CommandSide = Awaited<ReturnType<typeof startCommandSide>>;
