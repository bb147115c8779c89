import type { CommandContext } from '@shopgraph/outbox/command-subgraph';

export type ShopContext = CommandContext;
