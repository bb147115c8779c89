import { useEffect, useState } from 'react';
import { useSubscription } from 'urql';
import { graphql, useFragment, type FragmentType } from '../generated';
import { useMessages } from '../i18n/messages-context';

export const PublishStateFields = graphql(`
  fragment PublishStateFields on ManagedShop {
    id
    version
    published {
      sourceVersion
    }
  }
`);

// The read model's view as it changes: its first event is the current view.
const PublishedVersionSubscription = graphql(`
  subscription PublishedVersion($id: ID!) {
    shopPublished(id: $id) {
      id
      sourceVersion
    }
  }
`);

/** Whether customers see this version yet: the read model's view carries the version it was built from. */
export function isPublished(shop: { version: number; published?: { sourceVersion: number } | null }): boolean {
  return (shop.published?.sourceVersion ?? 0) >= shop.version;
}

export interface PublishStateProps {
  shop: FragmentType<typeof PublishStateFields>;
  /** A newer version than the shop's, known from a mutation's answer (the editor's saves): the one to wait for. */
  version?: number;
  /** Keep the stream open even while published: a change is being sent, and its view may be pushed before its answer. */
  listen?: boolean;
  /** The live stream could not be kept open: the page falls back to asking again. */
  onStreamLost?: () => void;
}

/**
 * "Publishing…" until the read model has caught up with the owner's last change, then
 * "Published". While publishing it follows `shopPublished` live, and only then: the stream
 * closes once the version is seen (a browser has few connections per origin to spare). The
 * newest version pushed is remembered, so a view that arrives before the mutation's answer
 * counts once the answer names its version.
 */
export function PublishState({ shop: shopRef, version, listen = false, onStreamLost }: PublishStateProps) {
  const t = useMessages();
  const shop = useFragment(PublishStateFields, shopRef);
  // Kept apart from the subscription's result, which a paused subscription need not keep.
  const [liveVersion, setLiveVersion] = useState(0);
  const published = isPublished({ version: Math.max(shop.version, version ?? 0), published: { sourceVersion: Math.max(shop.published?.sourceVersion ?? 0, liveVersion) } });
  const [{ data, error }] = useSubscription({ query: PublishedVersionSubscription, variables: { id: shop.id }, pause: published && !listen });
  const seen = data?.shopPublished?.sourceVersion;
  useEffect(() => {
    if (seen !== undefined) setLiveVersion((known) => Math.max(known, seen));
  }, [seen]);
  useEffect(() => {
    if (error) onStreamLost?.();
  }, [error, onStreamLost]);
  return (
    <span className={published ? 'published' : 'publishing'} aria-live="polite">
      {published ? t.published : t.publishing}
    </span>
  );
}
