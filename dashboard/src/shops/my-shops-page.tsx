import { PageHeading } from '../page-heading';
import { useCallback, useMemo, useState } from 'react';
import { useQuery } from 'urql';
// The client preset's useFragment is a plain function (no React state): it may run inside a callback.
import { graphql, useFragment as fragmentData } from '../generated';
import { useMessages } from '../i18n/messages-context';
import { problemFrom, type Problem } from '../errors/problem';
import { ProblemAlert } from '../errors/problem-alert';
import { PublishState, PublishStateFields, isPublished } from './publish-state';
import { ShopActions } from './shop-actions';
import { useRefetchWhileStreamLost } from './use-refetch-while-stream-lost';
import { useLastData } from './use-last-data';

const MyShopsQuery = graphql(`
  query MyShops {
    me {
      id
      shops {
        id
        name
        status
        version
        ...PublishStateFields
      }
    }
  }
`);

export interface MyShopsPageProps {
  onCreate: () => void;
  onEdit: (shopId: string) => void;
  onPreview: (shopId: string) => void;
  /**
   * How soon to ask again while a shop is publishing and its live stream is lost.
   * @default 1000
   */
  refetchPublishingAfterMs?: number;
}

/** The owner's shops with their status, version and publish state (live while publishing). */
export function MyShopsPage({ onCreate, onEdit, onPreview, refetchPublishingAfterMs = 1000 }: MyShopsPageProps) {
  const t = useMessages();
  // An owner with no shops yet gets a result with no ManagedShop in it: without naming the
  // type, urql's document cache would not see a created shop as a reason to ask again.
  const context = useMemo(() => ({ additionalTypenames: ['ManagedShop'] }), []);
  const [{ data: answer, error, fetching }, reexecute] = useQuery({ query: MyShopsQuery, context });
  const data = useLastData(answer);
  const [changeProblem, setChangeProblem] = useState<Problem | null>(null);
  const me = data?.me;
  const publishing = me?.shops.some((shop) => !isPublished(fragmentData(PublishStateFields, shop))) ?? false;

  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const onStreamLost = useRefetchWhileStreamLost(publishing, refetch, refetchPublishingAfterMs, answer);

  return (
    <main>
      <PageHeading>{t.myShops}</PageHeading>
      <button type="button" onClick={onCreate}>
        {t.createShop}
      </button>
      <ProblemAlert problem={changeProblem} />
      {error && <ProblemAlert problem={problemFrom(error)} onRetry={refetch} />}
      {fetching && !me && <p role="status">{t.loading}</p>}
      {me && me.shops.length === 0 && <p>{t.noShops}</p>}
      {me && me.shops.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.shopName}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.version}</th>
              <th scope="col">{t.publishState}</th>
              <td />
            </tr>
          </thead>
          <tbody>
            {me.shops.map((shop) => (
              <tr key={shop.id}>
                <th scope="row">{shop.name}</th>
                <td>{t.statuses[shop.status]}</td>
                <td>{shop.version}</td>
                <td>
                  <PublishState shop={shop} onStreamLost={onStreamLost} />
                </td>
                <td>
                  <button type="button" onClick={() => onEdit(shop.id)}>
                    {t.edit(shop.name)}
                  </button>
                  <button type="button" onClick={() => onPreview(shop.id)}>
                    {t.preview(shop.name)}
                  </button>
                  <ShopActions shop={shop} onSettled={(e) => setChangeProblem(e ? problemFrom(e) : null)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
