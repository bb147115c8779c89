import { useCallback, useContext } from 'react';
import { useMutation, type AnyVariables, type DocumentInput, type OperationContext, type UseMutationResponse } from 'urql';
import { ShopSavesContext, type SavedShop } from './use-shop-saves';

/** A mutation whose one field answers the changed shop with its new version. */
type ShopChange = Record<string, SavedShop>;

/**
 * urql's useMutation, for a change to a shop made in its editor: the editor's ShopSaves hears
 * when it is sent (the live publish state opens its stream then) and which version it answered
 * (the version "Published" waits for). Outside an editor it is useMutation.
 */
export function useShopMutation<Data extends ShopChange, Variables extends AnyVariables>(document: DocumentInput<Data, Variables>): UseMutationResponse<Data, Variables> {
  const [state, execute] = useMutation(document);
  const saves = useContext(ShopSavesContext);
  const tracked = useCallback(
    async (variables: Variables, context?: Partial<OperationContext>) => {
      const answered = saves?.sending();
      let shop: SavedShop | undefined;
      try {
        const result = await execute(variables, context);
        shop = result.data ? Object.values(result.data)[0] : undefined;
        return result;
      } finally {
        answered?.(shop);
      }
    },
    [execute, saves],
  );
  return [state, tracked];
}
