import { useSubscription, useQuery } from 'urql';
import { graphql, useFragment } from '../generated';
import { useMessages } from '../i18n/messages-context';
import { problemFrom } from '../errors/problem';
import { ProblemAlert } from '../errors/problem-alert';
import { PageHeading } from '../page-heading';

// What customers get from the read model (the published Shop), not the command side.
export const ShopPreviewFields = graphql(`
  fragment ShopPreviewFields on Shop {
    id
    name
    status
    description
    notice
    address
    minOrderAmount
    deliveryTip
    sourceVersion
    rating {
      average
      count
    }
    menu {
      id
      name
      description
      price
      soldOut
      popular
    }
    promotions {
      id
      title
      description
    }
    recentReviews {
      id
      rating
      text
      author
    }
  }
`);

const ShopPreviewQuery = graphql(`
  query ShopPreview($id: ID!) {
    shop(id: $id) {
      ...ShopPreviewFields
    }
  }
`);

// The same view, pushed each time the read model changes it (and when a promotion starts or ends).
const ShopPreviewLiveSubscription = graphql(`
  subscription ShopPreviewLive($id: ID!) {
    shopPublished(id: $id) {
      ...ShopPreviewFields
    }
  }
`);

/**
 * The shop as customers see it right now, live over `shopPublished` while the page is open;
 * if the stream cannot be kept, the page says so and Refresh asks again.
 */
export function PreviewPage({ shopId, onDone }: { shopId: string; onDone: () => void }) {
  const t = useMessages();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ShopPreviewQuery, variables: { id: shopId }, requestPolicy: 'network-only' });
  const [live] = useSubscription({ query: ShopPreviewLiveSubscription, variables: { id: shopId } });
  const asked = useFragment(ShopPreviewFields, data?.shop);
  const pushed = useFragment(ShopPreviewFields, live.data?.shopPublished);
  // Whichever was built from the later version: the stream's, unless a Refresh after it was lost is newer.
  const shop = [pushed, asked].filter((view) => view != null).sort((a, b) => b.sourceVersion - a.sourceVersion)[0];
  const answered = data !== undefined || live.data !== undefined;
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <main>
      <PageHeading>{shop ? t.previewTitle(shop.name) : t.previewHeading}</PageHeading>
      {error && <ProblemAlert problem={problemFrom(error)} onRetry={refresh} />}
      {live.error && <p role="status">{t.liveUnavailable}</p>}
      {fetching && !answered && <p role="status">{t.loading}</p>}
      {answered && !shop && <p>{t.notPublishedYet}</p>}
      {shop && (
        <article aria-label={shop.name}>
          <p>
            {t.statuses[shop.status]} · {t.rating(shop.rating.average, shop.rating.count)}
          </p>
          {shop.description && <p>{shop.description}</p>}
          {shop.notice && <p>{shop.notice}</p>}
          <p>
            {t.minOrder(t.won(shop.minOrderAmount))} · {t.tip(t.won(shop.deliveryTip))} · {shop.address}
          </p>
          {shop.promotions.length > 0 && (
            <section aria-labelledby="preview-promotions">
              <h2 id="preview-promotions">{t.promotions}</h2>
              <ul>
                {shop.promotions.map((promotion) => (
                  <li key={promotion.id}>{promotion.description ? `${promotion.title}: ${promotion.description}` : promotion.title}</li>
                ))}
              </ul>
            </section>
          )}
          <section aria-labelledby="preview-menu">
            <h2 id="preview-menu">{t.menu}</h2>
            {shop.menu.length === 0 && <p>{t.noMenu}</p>}
            <ul>
              {shop.menu.map((item) => (
                <li key={item.id}>
                  {item.name} {t.won(item.price)}
                  {item.soldOut && ` · ${t.soldOut}`}
                  {item.popular && ` · ${t.popular}`}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="preview-reviews">
            <h2 id="preview-reviews">{t.recentReviews}</h2>
            <ul>
              {shop.recentReviews.map((review) => (
                <li key={review.id}>
                  {'★'.repeat(review.rating)} {review.text} — {review.author}
                </li>
              ))}
            </ul>
          </section>
          <p>{t.builtFrom(shop.sourceVersion)}</p>
        </article>
      )}
      <button type="button" onClick={refresh}>
        {t.refresh}
      </button>
      <button type="button" className="link" onClick={onDone}>
        {t.cancel}
      </button>
    </main>
  );
}
