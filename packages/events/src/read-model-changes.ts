/**
 * The read model announces every change to a shop's document on a Redis pub/sub channel,
 * published by the same Lua script that writes the document, so the announcement cannot
 * be lost between the write and the publish. The message is the shop id (zero-payload,
 * like every event here). Response caches in front of the read model evict on it.
 *
 * Pub/sub is fire-and-forget: a subscriber that was disconnected missed messages and must
 * drop everything it cached before it trusts the channel again.
 */
export function shopChangedChannel(readModelPrefix: string): string {
  return `${readModelPrefix}:shop-changed`;
}
