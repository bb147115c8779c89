import { useEffect, useId, useRef, useState } from 'react';
import { useMutation } from 'urql';
import type { CombinedError } from '@urql/core';
import { graphql } from '../generated';
import type { ShopStatus } from '../generated/graphql';
import { useMessages } from '../i18n/messages-context';

const SetShopStatusMutation = graphql(`
  mutation SetShopStatus($id: ID!, $status: ShopStatus!) {
    setShopStatus(id: $id, status: $status) {
      id
      status
      version
      ...PublishStateFields
    }
  }
`);

const DeleteShopMutation = graphql(`
  mutation DeleteShop($id: ID!) {
    deleteShop(id: $id)
  }
`);

// deleteShop answers a bare ID: naming the type lets urql's document cache refetch the list.
const DELETE_CONTEXT = { additionalTypenames: ['ManagedShop'] };

export interface ShopActionsProps {
  shop: { id: string; name: string; status: ShopStatus };
  /** A change came back: its error (shown in the list's alert), or undefined (which clears it). */
  onSettled: (error: CombinedError | undefined) => void;
}

/** Pause, reopen or close a shop, and delete it after a confirmation. */
export function ShopActions({ shop, onSettled }: ShopActionsProps) {
  const t = useMessages();
  const [{ fetching: changing }, setShopStatus] = useMutation(SetShopStatusMutation);
  const [{ fetching: deleting }, deleteShop] = useMutation(DeleteShopMutation);
  const [confirming, setConfirming] = useState(false);
  const questionId = useId();
  const keepRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // The safe answer takes the focus, so Enter does not delete by accident.
    if (confirming) keepRef.current?.focus();
  }, [confirming]);

  async function setStatus(status: ShopStatus) {
    const { error } = await setShopStatus({ id: shop.id, status });
    onSettled(error);
  }
  async function confirmDelete() {
    const { error } = await deleteShop({ id: shop.id }, DELETE_CONTEXT);
    setConfirming(false);
    onSettled(error);
  }

  if (confirming) {
    return (
      <div role="alertdialog" aria-labelledby={questionId}>
        <p id={questionId}>{t.confirmDelete(shop.name)}</p>
        <button type="button" onClick={confirmDelete} disabled={deleting}>
          {t.deleteConfirmed}
        </button>
        <button type="button" ref={keepRef} onClick={() => setConfirming(false)}>
          {t.keep}
        </button>
      </div>
    );
  }
  return (
    <>
      {shop.status === 'OPEN' && (
        <button type="button" disabled={changing} onClick={() => setStatus('PAUSED')}>
          {t.pause(shop.name)}
        </button>
      )}
      {shop.status !== 'OPEN' && (
        <button type="button" disabled={changing} onClick={() => setStatus('OPEN')}>
          {t.reopen(shop.name)}
        </button>
      )}
      {shop.status !== 'CLOSED' && (
        <button type="button" disabled={changing} onClick={() => setStatus('CLOSED')}>
          {t.close(shop.name)}
        </button>
      )}
      <button type="button" onClick={() => setConfirming(true)}>
        {t.delete(shop.name)}
      </button>
    </>
  );
}
