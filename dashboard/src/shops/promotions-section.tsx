import { useState } from 'react';
import { graphql, useFragment, type FragmentType } from '../generated';
import { useMessages } from '../i18n/messages-context';
import { useShopMutation } from './use-shop-mutation';
import { problemFrom, type Problem } from '../errors/problem';
import { ProblemAlert } from '../errors/problem-alert';
import { AddPromotionForm } from './add-promotion-form';
import { promotionPhase } from './promotion-phase';

export const PromotionFields = graphql(`
  fragment PromotionFields on ManagedShop {
    promotions {
      id
      title
      description
      startsAt
      endsAt
    }
  }
`);

const EndPromotionMutation = graphql(`
  mutation EndPromotion($id: ID!) {
    endPromotion(id: $id) {
      id
      version
      ...PromotionFields
    }
  }
`);

export interface PromotionsSectionProps {
  shopId: string;
  shop: FragmentType<typeof PromotionFields>;
  /** The time phases are judged at. @default Date.now() at render */
  now?: number;
}

/** A shop's promotions, each scheduled, running or ended; running and scheduled ones can be ended now. */
export function PromotionsSection({ shopId, shop: shopRef, now = Date.now() }: PromotionsSectionProps) {
  const t = useMessages();
  const { promotions } = useFragment(PromotionFields, shopRef);
  const [, endPromotion] = useShopMutation(EndPromotionMutation);
  const [problem, setProblem] = useState<Problem | null>(null);

  return (
    <section aria-labelledby="promotions-heading">
      <h2 id="promotions-heading">{t.promotions}</h2>
      <ProblemAlert problem={problem} />
      {promotions.length === 0 && <p>{t.noPromotions}</p>}
      <ul>
        {promotions.map((promotion) => {
          const phase = promotionPhase(promotion, now);
          return (
            <li key={promotion.id}>
              <strong>{promotion.title}</strong> · {t.phases[phase]} · {t.dateTime(promotion.startsAt)} – {t.dateTime(promotion.endsAt)}{' '}
              {phase !== 'ended' && (
                <button
                  type="button"
                  onClick={async () => {
                    const { error } = await endPromotion({ id: promotion.id });
                    setProblem(error ? problemFrom(error) : null);
                  }}
                >
                  {t.endPromotion(promotion.title)}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <AddPromotionForm shopId={shopId} />
    </section>
  );
}
