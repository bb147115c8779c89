import DataLoader from 'dataloader';
import type { RequestContext } from '@shopgraph/kit/graphql-service';
import type { ReadModelStore } from './read-model/read-model-store.js';
import type { ShopDocument } from './read-model/shop-document.js';

export interface DisplayContext extends RequestContext {
  /** Per request: every shop a request touches is fetched in one MGET. */
  shops: DataLoader<string, ShopDocument | null>;
}

export function createShopLoader(store: ReadModelStore): DataLoader<string, ShopDocument | null> {
  return new DataLoader(async (ids) => {
    const raws = await store.getRaw(ids);
    return raws.map((raw) => (raw ? (JSON.parse(raw) as ShopDocument) : null));
  });
}
