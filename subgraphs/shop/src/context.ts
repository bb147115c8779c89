import type { CommandContext } from '@shopgraph/command-runtime/command-subgraph';
import type { ShopParts } from './shop-parts.js';

export interface ShopContext extends CommandContext {
  /** Menus and promotions of the shops a request shows, loaded on demand. */
  parts: ShopParts;
}
