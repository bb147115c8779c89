import type { RequestContext } from '@shopgraph/service-shell/graphql-service';
import type { RecordClick } from './clicks/record-click.js';
import type { SponsoredShops } from './serving/sponsored-shops.js';

export interface ServingContext extends RequestContext {
  sponsoredShops: SponsoredShops;
  recordClick: RecordClick;
}
