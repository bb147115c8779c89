/**
 * The owner subgraph's `PASSWORD_HASH_COST` for harnesses that sign owners up by the dozen or
 * the thousand (the end-to-end stacks, the projector's command side): a hash at the default
 * cost (15) takes ~170 ms on the slowest box, at 10 about 5 ms. The owner subgraph's own
 * tests keep the default.
 */
export const TEST_PASSWORD_HASH_COST = '10';
