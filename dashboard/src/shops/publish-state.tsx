import { graphql, useFragment, type FragmentType } from '../generated';
import { useMessages } from '../i18n/messages-context';

export const PublishStateFields = graphql(`
  fragment PublishStateFields on ManagedShop {
    version
    published {
      sourceVersion
    }
  }
`);

/** Whether customers see this version yet: the read model's view carries the version it was built from. */
export function isPublished(shop: { version: number; published?: { sourceVersion: number } | null }): boolean {
  return (shop.published?.sourceVersion ?? 0) >= shop.version;
}

/** "Publishing…" until the read model has caught up with the owner's last change, then "Published". */
export function PublishState({ shop: shopRef }: { shop: FragmentType<typeof PublishStateFields> }) {
  const t = useMessages();
  const shop = useFragment(PublishStateFields, shopRef);
  return <span className={isPublished(shop) ? 'published' : 'publishing'}>{isPublished(shop) ? t.published : t.publishing}</span>;
}
