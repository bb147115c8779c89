import { createContext, useCallback, useMemo, useState } from 'react';

/** The shop a change was saved to, as its mutation answers it (a ManagedShop). */
export interface SavedShop {
  id: string;
  version: number;
}

/** Told of each change the editor sends (see useShopMutation). */
export interface ShopSaves {
  /** A change is being sent; call the returned function with the shop its answer carries (none on an error). */
  sending(): (answered: SavedShop | undefined) => void;
}

/** The editor's ShopSaves; outside an editor there is none and mutations are not tracked. */
export const ShopSavesContext = createContext<ShopSaves | null>(null);

export interface ShopSavesState {
  saves: ShopSaves;
  /** A change is on its way: its view may be pushed before its answer arrives, so the stream must be open. */
  saving: boolean;
  /** The newest version of this shop a mutation answered (0 before any): the version to wait for, without asking again. */
  answeredVersion: number;
}

/**
 * The editor's saves of one shop: whether one is in flight and the newest version answered.
 * With them the page opens the live stream when a change is sent, not after its answer and a
 * refetch, and knows the version to wait for from the answer itself.
 */
export function useShopSaves(shopId: string): ShopSavesState {
  const [inFlight, setInFlight] = useState(0);
  const [answeredVersion, setAnsweredVersion] = useState(0);
  const sending = useCallback(() => {
    setInFlight((n) => n + 1);
    let settled = false;
    return (answered: SavedShop | undefined) => {
      if (settled) return;
      settled = true;
      if (answered?.id === shopId) setAnsweredVersion((known) => Math.max(known, answered.version));
      setInFlight((n) => n - 1);
    };
  }, [shopId]);
  const saves = useMemo(() => ({ sending }), [sending]);
  return { saves, saving: inFlight > 0, answeredVersion };
}
