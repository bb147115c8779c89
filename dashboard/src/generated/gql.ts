/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query AdCampaigns {\n    me {\n      id\n      shops {\n        id\n        adCampaigns {\n          id\n          areas\n          bidPerClick\n          dailyBudget\n          startsAt\n          endsAt\n          status\n          servingState\n          spentToday\n          clicksToday\n          impressionsToday\n          version\n        }\n      }\n    }\n  }\n": typeof types.AdCampaignsDocument,
    "\n  mutation CreateAdCampaign($shopId: ID!, $input: AdCampaignInput!) {\n    createAdCampaign(shopId: $shopId, input: $input) {\n      id\n      version\n    }\n  }\n": typeof types.CreateAdCampaignDocument,
    "\n  mutation UpdateAdCampaign($id: ID!, $input: UpdateAdCampaignInput!) {\n    updateAdCampaign(id: $id, input: $input) {\n      id\n      version\n    }\n  }\n": typeof types.UpdateAdCampaignDocument,
    "\n  mutation SetAdCampaignStatus($id: ID!, $status: AdCampaignStatus!) {\n    setAdCampaignStatus(id: $id, status: $status) {\n      id\n      status\n      servingState\n      version\n    }\n  }\n": typeof types.SetAdCampaignStatusDocument,
    "\n  mutation LogIn($email: String!, $password: String!) {\n    logIn(email: $email, password: $password) {\n      token\n    }\n  }\n": typeof types.LogInDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation AddMenuItem($shopId: ID!, $input: MenuItemInput!) {\n    addMenuItem(shopId: $shopId, input: $input) {\n      id\n      version\n      ...MenuFields\n    }\n  }\n": typeof types.AddMenuItemDocument,
    "\n  mutation AddPromotion($shopId: ID!, $input: PromotionInput!) {\n    addPromotion(shopId: $shopId, input: $input) {\n      id\n      version\n      ...PromotionFields\n    }\n  }\n": typeof types.AddPromotionDocument,
    "\n  mutation CreateShop($input: CreateShopInput!) {\n    createShop(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateShopDocument,
    "\n  mutation EditMenuItem($id: ID!, $input: UpdateMenuItemInput!) {\n    updateMenuItem(id: $id, input: $input) {\n      id\n      version\n      ...MenuFields\n    }\n  }\n": typeof types.EditMenuItemDocument,
    "\n  query EditShop {\n    me {\n      id\n      shops {\n        id\n        name\n        version\n        ...PublishStateFields\n        ...ShopFormFields\n        ...MenuFields\n        ...PromotionFields\n      }\n    }\n  }\n": typeof types.EditShopDocument,
    "\n  mutation UpdateShop($id: ID!, $input: UpdateShopInput!) {\n    updateShop(id: $id, input: $input) {\n      id\n      version\n      ...ShopFormFields\n    }\n  }\n": typeof types.UpdateShopDocument,
    "\n  fragment MenuFields on ManagedShop {\n    menu {\n      id\n      name\n      description\n      price\n      soldOut\n      popular\n    }\n  }\n": typeof types.MenuFieldsFragmentDoc,
    "\n  mutation UpdateMenuItem($id: ID!, $input: UpdateMenuItemInput!) {\n    updateMenuItem(id: $id, input: $input) {\n      id\n      version\n      ...MenuFields\n    }\n  }\n": typeof types.UpdateMenuItemDocument,
    "\n  mutation RemoveMenuItem($id: ID!) {\n    removeMenuItem(id: $id) {\n      id\n      version\n      ...MenuFields\n    }\n  }\n": typeof types.RemoveMenuItemDocument,
    "\n  query MyShops {\n    me {\n      id\n      shops {\n        id\n        name\n        status\n        version\n        ...PublishStateFields\n      }\n    }\n  }\n": typeof types.MyShopsDocument,
    "\n  fragment ShopPreviewFields on Shop {\n    id\n    name\n    status\n    description\n    notice\n    address\n    minOrderAmount\n    deliveryTip\n    sourceVersion\n    rating {\n      average\n      count\n    }\n    menu {\n      id\n      name\n      description\n      price\n      soldOut\n      popular\n    }\n    promotions {\n      id\n      title\n      description\n    }\n    recentReviews {\n      id\n      rating\n      text\n      author\n    }\n  }\n": typeof types.ShopPreviewFieldsFragmentDoc,
    "\n  query ShopPreview($id: ID!) {\n    shop(id: $id) {\n      ...ShopPreviewFields\n    }\n  }\n": typeof types.ShopPreviewDocument,
    "\n  subscription ShopPreviewLive($id: ID!) {\n    shopPublished(id: $id) {\n      ...ShopPreviewFields\n    }\n  }\n": typeof types.ShopPreviewLiveDocument,
    "\n  fragment PromotionFields on ManagedShop {\n    promotions {\n      id\n      title\n      description\n      startsAt\n      endsAt\n    }\n  }\n": typeof types.PromotionFieldsFragmentDoc,
    "\n  mutation EndPromotion($id: ID!) {\n    endPromotion(id: $id) {\n      id\n      version\n      ...PromotionFields\n    }\n  }\n": typeof types.EndPromotionDocument,
    "\n  fragment PublishStateFields on ManagedShop {\n    id\n    version\n    published {\n      sourceVersion\n    }\n  }\n": typeof types.PublishStateFieldsFragmentDoc,
    "\n  subscription PublishedVersion($id: ID!) {\n    shopPublished(id: $id) {\n      id\n      sourceVersion\n    }\n  }\n": typeof types.PublishedVersionDocument,
    "\n  mutation SetShopStatus($id: ID!, $status: ShopStatus!) {\n    setShopStatus(id: $id, status: $status) {\n      id\n      status\n      version\n      ...PublishStateFields\n    }\n  }\n": typeof types.SetShopStatusDocument,
    "\n  mutation DeleteShop($id: ID!) {\n    deleteShop(id: $id)\n  }\n": typeof types.DeleteShopDocument,
    "\n  fragment ShopFormFields on ManagedShop {\n    name\n    category\n    description\n    phone\n    address\n    minOrderAmount\n    deliveryTip\n    notice\n    openingHours {\n      day\n      opens\n      closes\n    }\n  }\n": typeof types.ShopFormFieldsFragmentDoc,
};
const documents: Documents = {
    "\n  query AdCampaigns {\n    me {\n      id\n      shops {\n        id\n        adCampaigns {\n          id\n          areas\n          bidPerClick\n          dailyBudget\n          startsAt\n          endsAt\n          status\n          servingState\n          spentToday\n          clicksToday\n          impressionsToday\n          version\n        }\n      }\n    }\n  }\n": types.AdCampaignsDocument,
    "\n  mutation CreateAdCampaign($shopId: ID!, $input: AdCampaignInput!) {\n    createAdCampaign(shopId: $shopId, input: $input) {\n      id\n      version\n    }\n  }\n": types.CreateAdCampaignDocument,
    "\n  mutation UpdateAdCampaign($id: ID!, $input: UpdateAdCampaignInput!) {\n    updateAdCampaign(id: $id, input: $input) {\n      id\n      version\n    }\n  }\n": types.UpdateAdCampaignDocument,
    "\n  mutation SetAdCampaignStatus($id: ID!, $status: AdCampaignStatus!) {\n    setAdCampaignStatus(id: $id, status: $status) {\n      id\n      status\n      servingState\n      version\n    }\n  }\n": types.SetAdCampaignStatusDocument,
    "\n  mutation LogIn($email: String!, $password: String!) {\n    logIn(email: $email, password: $password) {\n      token\n    }\n  }\n": types.LogInDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation AddMenuItem($shopId: ID!, $input: MenuItemInput!) {\n    addMenuItem(shopId: $shopId, input: $input) {\n      id\n      version\n      ...MenuFields\n    }\n  }\n": types.AddMenuItemDocument,
    "\n  mutation AddPromotion($shopId: ID!, $input: PromotionInput!) {\n    addPromotion(shopId: $shopId, input: $input) {\n      id\n      version\n      ...PromotionFields\n    }\n  }\n": types.AddPromotionDocument,
    "\n  mutation CreateShop($input: CreateShopInput!) {\n    createShop(input: $input) {\n      id\n    }\n  }\n": types.CreateShopDocument,
    "\n  mutation EditMenuItem($id: ID!, $input: UpdateMenuItemInput!) {\n    updateMenuItem(id: $id, input: $input) {\n      id\n      version\n      ...MenuFields\n    }\n  }\n": types.EditMenuItemDocument,
    "\n  query EditShop {\n    me {\n      id\n      shops {\n        id\n        name\n        version\n        ...PublishStateFields\n        ...ShopFormFields\n        ...MenuFields\n        ...PromotionFields\n      }\n    }\n  }\n": types.EditShopDocument,
    "\n  mutation UpdateShop($id: ID!, $input: UpdateShopInput!) {\n    updateShop(id: $id, input: $input) {\n      id\n      version\n      ...ShopFormFields\n    }\n  }\n": types.UpdateShopDocument,
    "\n  fragment MenuFields on ManagedShop {\n    menu {\n      id\n      name\n      description\n      price\n      soldOut\n      popular\n    }\n  }\n": types.MenuFieldsFragmentDoc,
    "\n  mutation UpdateMenuItem($id: ID!, $input: UpdateMenuItemInput!) {\n    updateMenuItem(id: $id, input: $input) {\n      id\n      version\n      ...MenuFields\n    }\n  }\n": types.UpdateMenuItemDocument,
    "\n  mutation RemoveMenuItem($id: ID!) {\n    removeMenuItem(id: $id) {\n      id\n      version\n      ...MenuFields\n    }\n  }\n": types.RemoveMenuItemDocument,
    "\n  query MyShops {\n    me {\n      id\n      shops {\n        id\n        name\n        status\n        version\n        ...PublishStateFields\n      }\n    }\n  }\n": types.MyShopsDocument,
    "\n  fragment ShopPreviewFields on Shop {\n    id\n    name\n    status\n    description\n    notice\n    address\n    minOrderAmount\n    deliveryTip\n    sourceVersion\n    rating {\n      average\n      count\n    }\n    menu {\n      id\n      name\n      description\n      price\n      soldOut\n      popular\n    }\n    promotions {\n      id\n      title\n      description\n    }\n    recentReviews {\n      id\n      rating\n      text\n      author\n    }\n  }\n": types.ShopPreviewFieldsFragmentDoc,
    "\n  query ShopPreview($id: ID!) {\n    shop(id: $id) {\n      ...ShopPreviewFields\n    }\n  }\n": types.ShopPreviewDocument,
    "\n  subscription ShopPreviewLive($id: ID!) {\n    shopPublished(id: $id) {\n      ...ShopPreviewFields\n    }\n  }\n": types.ShopPreviewLiveDocument,
    "\n  fragment PromotionFields on ManagedShop {\n    promotions {\n      id\n      title\n      description\n      startsAt\n      endsAt\n    }\n  }\n": types.PromotionFieldsFragmentDoc,
    "\n  mutation EndPromotion($id: ID!) {\n    endPromotion(id: $id) {\n      id\n      version\n      ...PromotionFields\n    }\n  }\n": types.EndPromotionDocument,
    "\n  fragment PublishStateFields on ManagedShop {\n    id\n    version\n    published {\n      sourceVersion\n    }\n  }\n": types.PublishStateFieldsFragmentDoc,
    "\n  subscription PublishedVersion($id: ID!) {\n    shopPublished(id: $id) {\n      id\n      sourceVersion\n    }\n  }\n": types.PublishedVersionDocument,
    "\n  mutation SetShopStatus($id: ID!, $status: ShopStatus!) {\n    setShopStatus(id: $id, status: $status) {\n      id\n      status\n      version\n      ...PublishStateFields\n    }\n  }\n": types.SetShopStatusDocument,
    "\n  mutation DeleteShop($id: ID!) {\n    deleteShop(id: $id)\n  }\n": types.DeleteShopDocument,
    "\n  fragment ShopFormFields on ManagedShop {\n    name\n    category\n    description\n    phone\n    address\n    minOrderAmount\n    deliveryTip\n    notice\n    openingHours {\n      day\n      opens\n      closes\n    }\n  }\n": types.ShopFormFieldsFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdCampaigns {\n    me {\n      id\n      shops {\n        id\n        adCampaigns {\n          id\n          areas\n          bidPerClick\n          dailyBudget\n          startsAt\n          endsAt\n          status\n          servingState\n          spentToday\n          clicksToday\n          impressionsToday\n          version\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdCampaigns {\n    me {\n      id\n      shops {\n        id\n        adCampaigns {\n          id\n          areas\n          bidPerClick\n          dailyBudget\n          startsAt\n          endsAt\n          status\n          servingState\n          spentToday\n          clicksToday\n          impressionsToday\n          version\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAdCampaign($shopId: ID!, $input: AdCampaignInput!) {\n    createAdCampaign(shopId: $shopId, input: $input) {\n      id\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAdCampaign($shopId: ID!, $input: AdCampaignInput!) {\n    createAdCampaign(shopId: $shopId, input: $input) {\n      id\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAdCampaign($id: ID!, $input: UpdateAdCampaignInput!) {\n    updateAdCampaign(id: $id, input: $input) {\n      id\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateAdCampaign($id: ID!, $input: UpdateAdCampaignInput!) {\n    updateAdCampaign(id: $id, input: $input) {\n      id\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetAdCampaignStatus($id: ID!, $status: AdCampaignStatus!) {\n    setAdCampaignStatus(id: $id, status: $status) {\n      id\n      status\n      servingState\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation SetAdCampaignStatus($id: ID!, $status: AdCampaignStatus!) {\n    setAdCampaignStatus(id: $id, status: $status) {\n      id\n      status\n      servingState\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogIn($email: String!, $password: String!) {\n    logIn(email: $email, password: $password) {\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation LogIn($email: String!, $password: String!) {\n    logIn(email: $email, password: $password) {\n      token\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddMenuItem($shopId: ID!, $input: MenuItemInput!) {\n    addMenuItem(shopId: $shopId, input: $input) {\n      id\n      version\n      ...MenuFields\n    }\n  }\n"): (typeof documents)["\n  mutation AddMenuItem($shopId: ID!, $input: MenuItemInput!) {\n    addMenuItem(shopId: $shopId, input: $input) {\n      id\n      version\n      ...MenuFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddPromotion($shopId: ID!, $input: PromotionInput!) {\n    addPromotion(shopId: $shopId, input: $input) {\n      id\n      version\n      ...PromotionFields\n    }\n  }\n"): (typeof documents)["\n  mutation AddPromotion($shopId: ID!, $input: PromotionInput!) {\n    addPromotion(shopId: $shopId, input: $input) {\n      id\n      version\n      ...PromotionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateShop($input: CreateShopInput!) {\n    createShop(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateShop($input: CreateShopInput!) {\n    createShop(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EditMenuItem($id: ID!, $input: UpdateMenuItemInput!) {\n    updateMenuItem(id: $id, input: $input) {\n      id\n      version\n      ...MenuFields\n    }\n  }\n"): (typeof documents)["\n  mutation EditMenuItem($id: ID!, $input: UpdateMenuItemInput!) {\n    updateMenuItem(id: $id, input: $input) {\n      id\n      version\n      ...MenuFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EditShop {\n    me {\n      id\n      shops {\n        id\n        name\n        version\n        ...PublishStateFields\n        ...ShopFormFields\n        ...MenuFields\n        ...PromotionFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query EditShop {\n    me {\n      id\n      shops {\n        id\n        name\n        version\n        ...PublishStateFields\n        ...ShopFormFields\n        ...MenuFields\n        ...PromotionFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateShop($id: ID!, $input: UpdateShopInput!) {\n    updateShop(id: $id, input: $input) {\n      id\n      version\n      ...ShopFormFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateShop($id: ID!, $input: UpdateShopInput!) {\n    updateShop(id: $id, input: $input) {\n      id\n      version\n      ...ShopFormFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MenuFields on ManagedShop {\n    menu {\n      id\n      name\n      description\n      price\n      soldOut\n      popular\n    }\n  }\n"): (typeof documents)["\n  fragment MenuFields on ManagedShop {\n    menu {\n      id\n      name\n      description\n      price\n      soldOut\n      popular\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMenuItem($id: ID!, $input: UpdateMenuItemInput!) {\n    updateMenuItem(id: $id, input: $input) {\n      id\n      version\n      ...MenuFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateMenuItem($id: ID!, $input: UpdateMenuItemInput!) {\n    updateMenuItem(id: $id, input: $input) {\n      id\n      version\n      ...MenuFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveMenuItem($id: ID!) {\n    removeMenuItem(id: $id) {\n      id\n      version\n      ...MenuFields\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveMenuItem($id: ID!) {\n    removeMenuItem(id: $id) {\n      id\n      version\n      ...MenuFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyShops {\n    me {\n      id\n      shops {\n        id\n        name\n        status\n        version\n        ...PublishStateFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyShops {\n    me {\n      id\n      shops {\n        id\n        name\n        status\n        version\n        ...PublishStateFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ShopPreviewFields on Shop {\n    id\n    name\n    status\n    description\n    notice\n    address\n    minOrderAmount\n    deliveryTip\n    sourceVersion\n    rating {\n      average\n      count\n    }\n    menu {\n      id\n      name\n      description\n      price\n      soldOut\n      popular\n    }\n    promotions {\n      id\n      title\n      description\n    }\n    recentReviews {\n      id\n      rating\n      text\n      author\n    }\n  }\n"): (typeof documents)["\n  fragment ShopPreviewFields on Shop {\n    id\n    name\n    status\n    description\n    notice\n    address\n    minOrderAmount\n    deliveryTip\n    sourceVersion\n    rating {\n      average\n      count\n    }\n    menu {\n      id\n      name\n      description\n      price\n      soldOut\n      popular\n    }\n    promotions {\n      id\n      title\n      description\n    }\n    recentReviews {\n      id\n      rating\n      text\n      author\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ShopPreview($id: ID!) {\n    shop(id: $id) {\n      ...ShopPreviewFields\n    }\n  }\n"): (typeof documents)["\n  query ShopPreview($id: ID!) {\n    shop(id: $id) {\n      ...ShopPreviewFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ShopPreviewLive($id: ID!) {\n    shopPublished(id: $id) {\n      ...ShopPreviewFields\n    }\n  }\n"): (typeof documents)["\n  subscription ShopPreviewLive($id: ID!) {\n    shopPublished(id: $id) {\n      ...ShopPreviewFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PromotionFields on ManagedShop {\n    promotions {\n      id\n      title\n      description\n      startsAt\n      endsAt\n    }\n  }\n"): (typeof documents)["\n  fragment PromotionFields on ManagedShop {\n    promotions {\n      id\n      title\n      description\n      startsAt\n      endsAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndPromotion($id: ID!) {\n    endPromotion(id: $id) {\n      id\n      version\n      ...PromotionFields\n    }\n  }\n"): (typeof documents)["\n  mutation EndPromotion($id: ID!) {\n    endPromotion(id: $id) {\n      id\n      version\n      ...PromotionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PublishStateFields on ManagedShop {\n    id\n    version\n    published {\n      sourceVersion\n    }\n  }\n"): (typeof documents)["\n  fragment PublishStateFields on ManagedShop {\n    id\n    version\n    published {\n      sourceVersion\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PublishedVersion($id: ID!) {\n    shopPublished(id: $id) {\n      id\n      sourceVersion\n    }\n  }\n"): (typeof documents)["\n  subscription PublishedVersion($id: ID!) {\n    shopPublished(id: $id) {\n      id\n      sourceVersion\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetShopStatus($id: ID!, $status: ShopStatus!) {\n    setShopStatus(id: $id, status: $status) {\n      id\n      status\n      version\n      ...PublishStateFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetShopStatus($id: ID!, $status: ShopStatus!) {\n    setShopStatus(id: $id, status: $status) {\n      id\n      status\n      version\n      ...PublishStateFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteShop($id: ID!) {\n    deleteShop(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteShop($id: ID!) {\n    deleteShop(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ShopFormFields on ManagedShop {\n    name\n    category\n    description\n    phone\n    address\n    minOrderAmount\n    deliveryTip\n    notice\n    openingHours {\n      day\n      opens\n      closes\n    }\n  }\n"): (typeof documents)["\n  fragment ShopFormFields on ManagedShop {\n    name\n    category\n    description\n    phone\n    address\n    minOrderAmount\n    deliveryTip\n    notice\n    openingHours {\n      day\n      opens\n      closes\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;