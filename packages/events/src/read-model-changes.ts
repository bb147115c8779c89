/**
 * The read model announces every change to a shop's document on a Redis pub/sub channel,
 * published by the same Lua script that writes the document, so the announcement cannot
 * be lost between the write and the publish. Response caches in front of the read model
 * evict on it.
 *
 * The message is the shop id (zero-payload, like every event here), optionally followed by
 * a space and a JSON object of metadata about the change, never its state: when the change
 * was recorded on the command side (for the eviction lag) and its trace context (so the
 * eviction joins the change's trace).
 *
 * Pub/sub is fire-and-forget: a subscriber that was disconnected missed messages and must
 * drop everything it cached before it trusts the channel again.
 */
export function shopChangedChannel(readModelPrefix: string): string {
  return `${readModelPrefix}:shop-changed`;
}

/**
 * One announcement on the channel: a shop's document changed. Not to be confused with the
 * shop subgraph's `ShopChange`, the change an owner asks for (change-shop.ts).
 */
export interface ShopDocumentChange {
  shopId: string;
  /** When the change was recorded (its outbox row), in ms since the epoch. */
  recordedAt?: number;
  /** The change's W3C trace context, as JSON of its propagation headers. */
  traceContext?: string;
}

export function shopChangeMessage({ shopId, recordedAt, traceContext }: ShopDocumentChange): string {
  if (recordedAt === undefined && !traceContext) return shopId;
  return `${shopId} ${JSON.stringify({ recordedAt, traceContext })}`;
}

/** Reads a message of either form; metadata it cannot read is ignored, the id never is. */
export function parseShopChange(message: string): ShopDocumentChange {
  const space = message.indexOf(' ');
  if (space < 0) return { shopId: message };
  const shopId = message.slice(0, space);
  try {
    const meta = JSON.parse(message.slice(space + 1)) as { recordedAt?: unknown; traceContext?: unknown };
    return {
      shopId,
      ...(typeof meta.recordedAt === 'number' ? { recordedAt: meta.recordedAt } : {}),
      ...(typeof meta.traceContext === 'string' ? { traceContext: meta.traceContext } : {}),
    };
  } catch {
    return { shopId };
  }
}
