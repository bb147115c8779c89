/**
 * Bad requests and attacks, as data: each one must be answered with a status below 500
 * and a coded GraphQL error, change nothing, and leak nothing (see attack-corpus.test.ts).
 */
export type Target = 'gateway' | 'owner' | 'shop' | 'review' | 'display' | 'search' | 'ads' | 'ads-serving';

/**
 * Who the request claims to be: through the gateway, a bearer token; straight to a subgraph, a
 * signed identity. `forged-service`: `service:projector` signed with the gateway's key (what
 * whoever took the gateway could make); `wrong-audience`: the victim, signed by the gateway for
 * another subgraph.
 */
export type Caller = 'anonymous' | 'victim' | 'attacker' | 'none' | 'forged-service' | 'wrong-audience';

export interface AttackCase {
  name: string;
  target: Target;
  caller: Caller;
  /** The raw body; an object is sent as JSON. */
  body: string | object;
  headers?: Record<string, string>;
  method?: 'POST' | 'GET';
  /** For GET: the query string. */
  search?: string;
}

/** Ids the corpus aims at, known once the victim's shop exists. */
export interface Targets {
  shopId: string;
  menuItemId: string;
  promotionId: string;
  victimEmail: string;
  /** The victim shop's ad campaign. */
  campaignId: string;
}

const q = (query: string, variables: Record<string, unknown> = {}) => ({ query, variables });
const NUL = 'a\u0000b';
const long = (n: number) => '가'.repeat(n);

const CREATE = 'mutation($i: CreateShopInput!) { createShop(input: $i) { id } }';
const UPDATE = 'mutation($id: ID!, $i: UpdateShopInput!) { updateShop(id: $id, input: $i) { version } }';
const ADD_ITEM = 'mutation($id: ID!, $i: MenuItemInput!) { addMenuItem(shopId: $id, input: $i) { version } }';
const UPDATE_ITEM = 'mutation($id: ID!, $i: UpdateMenuItemInput!) { updateMenuItem(id: $id, input: $i) { version } }';
const ADD_PROMOTION = 'mutation($id: ID!, $i: PromotionInput!) { addPromotion(shopId: $id, input: $i) { version } }';
const SIGN_UP = 'mutation($i: SignUpInput!) { signUp(input: $i) { token } }';
const LOG_IN = 'mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { token } }';
const PROFILE = 'mutation($n: String, $p: String) { updateProfile(name: $n, phone: $p) { id } }';
const REVIEW = 'mutation($id: ID!, $i: ReviewInput!) { writeReview(shopId: $id, input: $i) { id } }';
const SEARCH = 'query($f: ShopSearchInput, $first: Int, $after: String) { searchShops(filter: $f, first: $first, after: $after) { totalCount } }';
const CREATE_CAMPAIGN = 'mutation($id: ID!, $i: AdCampaignInput!) { createAdCampaign(shopId: $id, input: $i) { version } }';
const UPDATE_CAMPAIGN = 'mutation($id: ID!, $i: UpdateAdCampaignInput!) { updateAdCampaign(id: $id, input: $i) { version } }';
const CAMPAIGN_STATUS = 'mutation($id: ID!, $s: AdCampaignStatus!) { setAdCampaignStatus(id: $id, status: $s) { version } }';
const CLICK = 'mutation($t: String!) { recordAdClick(trackingToken: $t) }';
const SLATE = 'query($area: String!, $category: ShopCategory, $first: Int) { sponsoredShops(area: $area, category: $category, first: $first) { position } }';
const validCampaign = { areas: ['seoul-gangnam'], bidPerClick: 500, dailyBudget: 10_000 };

const validShop = { name: '공격 가게', category: 'CHICKEN', phone: '02-123-4567', address: '서울' };
const soon = (ms: number) => new Date(Date.now() + ms).toISOString();

/** Mutations with bad input, each sent by the shop's owner: the subgraph that owns it, or the gateway. */
export function badMutations(t: Targets): { name: string; subgraph: Target; body: object; caller: Caller }[] {
  const shop = (name: string, input: Record<string, unknown>) => ({ name: `createShop ${name}`, subgraph: 'shop' as const, caller: 'victim' as const, body: q(CREATE, { i: { ...validShop, ...input } }) });
  const update = (name: string, input: Record<string, unknown>) => ({ name: `updateShop ${name}`, subgraph: 'shop' as const, caller: 'victim' as const, body: q(UPDATE, { id: t.shopId, i: input }) });
  const item = (name: string, input: Record<string, unknown>) => ({ name: `addMenuItem ${name}`, subgraph: 'shop' as const, caller: 'victim' as const, body: q(ADD_ITEM, { id: t.shopId, i: { name: '치킨', price: 1000, ...input } }) });
  const editItem = (name: string, input: Record<string, unknown>) => ({ name: `updateMenuItem ${name}`, subgraph: 'shop' as const, caller: 'victim' as const, body: q(UPDATE_ITEM, { id: t.menuItemId, i: input }) });
  const promo = (name: string, input: Record<string, unknown>) => ({
    name: `addPromotion ${name}`,
    subgraph: 'shop' as const,
    caller: 'victim' as const,
    body: q(ADD_PROMOTION, { id: t.shopId, i: { title: '할인', startsAt: soon(0), endsAt: soon(86_400_000), ...input } }),
  });
  const signUp = (name: string, input: Record<string, unknown>) => ({ name: `signUp ${name}`, subgraph: 'owner' as const, caller: 'anonymous' as const, body: q(SIGN_UP, { i: { email: 'new@example.com', password: 'password1', name: '새 사장', ...input } }) });
  const profile = (name: string, vars: Record<string, unknown>) => ({ name: `updateProfile ${name}`, subgraph: 'owner' as const, caller: 'victim' as const, body: q(PROFILE, vars) });
  const review = (name: string, input: Record<string, unknown>) => ({ name: `writeReview ${name}`, subgraph: 'review' as const, caller: 'anonymous' as const, body: q(REVIEW, { id: t.shopId, i: { rating: 5, text: '맛있어요', author: '손님', ...input } }) });
  const campaign = (name: string, input: Record<string, unknown>) => ({ name: `createAdCampaign ${name}`, subgraph: 'ads' as const, caller: 'victim' as const, body: q(CREATE_CAMPAIGN, { id: t.shopId, i: { ...validCampaign, ...input } }) });
  const editCampaign = (name: string, input: Record<string, unknown>) => ({ name: `updateAdCampaign ${name}`, subgraph: 'ads' as const, caller: 'victim' as const, body: q(UPDATE_CAMPAIGN, { id: t.campaignId, i: input }) });
  const click = (name: string, token: unknown) => ({ name: `recordAdClick ${name}`, subgraph: 'ads-serving' as const, caller: 'anonymous' as const, body: q(CLICK, { t: token }) });
  return [
    shop('empty name', { name: '' }),
    shop('blank name', { name: '   ' }),
    shop('name over 50', { name: long(51) }),
    shop('NUL in name', { name: NUL }),
    shop('NUL in address', { address: NUL }),
    shop('NUL in description', { description: NUL }),
    shop('unknown category', { category: 'BURGER' }),
    shop('bad phone', { phone: '12345' }),
    shop('phone with SQL', { phone: "02'; DROP TABLE shop.shop; --" }),
    shop('negative minimum order', { minOrderAmount: -1 }),
    shop('minimum order over 10M', { minOrderAmount: 10_000_001 }),
    shop('fractional tip', { deliveryTip: 1.5 }),
    shop('tip beyond Int', { deliveryTip: 2 ** 31 }),
    shop('tip as text', { deliveryTip: '1000' }),
    shop('opening hour 24:00', { openingHours: [{ day: 'MON', opens: '24:00', closes: '02:00' }] }),
    shop('opening hours equal', { openingHours: [{ day: 'MON', opens: '10:00', closes: '10:00' }] }),
    shop('day twice', { openingHours: [{ day: 'MON', opens: '10:00', closes: '11:00' }, { day: 'MON', opens: '12:00', closes: '13:00' }] }),
    shop('unknown day', { openingHours: [{ day: 'FUNDAY', opens: '10:00', closes: '11:00' }] }),
    shop('null name', { name: null }),
    shop('missing address', { address: undefined }),
    shop('notice over 1000', { notice: long(1001) }),
    shop('object as name', { name: { $ne: null } }),
    update('empty name', { name: '' }),
    update('null name', { name: null }),
    update('null phone', { phone: null }),
    update('NUL in notice', { notice: NUL }),
    update('bad phone', { phone: '010-12' }),
    update('negative tip', { deliveryTip: -100 }),
    update('category null', { category: null }),
    update('hours null', { openingHours: null }),
    update('description over 500', { description: long(501) }),
    item('empty name', { name: '' }),
    item('NUL in name', { name: NUL }),
    item('negative price', { price: -1 }),
    item('price over 10M', { price: 10_000_001 }),
    item('fractional price', { price: 0.5 }),
    item('description over 500', { description: long(501) }),
    item('soldOut as text', { soldOut: 'yes' }),
    editItem('null price', { price: null }),
    editItem('empty name', { name: ' ' }),
    editItem('NUL in description', { description: NUL }),
    promo('yesterday', { startsAt: 'yesterday' }),
    promo('February 30', { endsAt: '2027-02-30T00:00:00Z' }),
    promo('hour 24', { endsAt: '2027-01-01T24:00:00Z' }),
    promo('year 0000', { startsAt: '0000-01-01T00:00:00Z' }),
    promo('a date without time', { endsAt: '2027-01-01' }),
    promo('epoch number', { endsAt: 1_900_000_000_000 }),
    promo('ends before it starts', { startsAt: soon(7_200_000), endsAt: soon(3_600_000) }),
    promo('ended in the past', { startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-01-02T00:00:00Z' }),
    promo('empty title', { title: '' }),
    promo('NUL in title', { title: NUL }),
    promo('title over 100', { title: long(101) }),
    signUp('bad email', { email: 'not-an-email' }),
    signUp('NUL in email', { email: 'a\u0000@example.com' }),
    signUp('short password', { password: 'short' }),
    signUp('password over 200', { password: 'p'.repeat(201) }),
    signUp('NUL in name', { name: NUL }),
    signUp('bad phone', { phone: 'call me' }),
    signUp('email over 254', { email: `${'a'.repeat(250)}@example.com` }),
    signUp('taken email', { email: t.victimEmail }),
    profile('empty name', { n: '' }),
    profile('NUL in name', { n: NUL }),
    profile('bad phone', { p: '123' }),
    review('rating 0', { rating: 0 }),
    review('rating 6', { rating: 6 }),
    review('fractional rating', { rating: 4.5 }),
    review('empty text', { text: '' }),
    review('NUL in text', { text: NUL }),
    review('text over 2000', { text: long(2001) }),
    review('author over 30', { author: long(31) }),
    campaign('no areas', { areas: [] }),
    campaign('21 areas', { areas: Array.from({ length: 21 }, (_, i) => `area-${i}`) }),
    campaign('area in capitals', { areas: ['Seoul-Gangnam'] }),
    campaign('area of one character', { areas: ['x'] }),
    campaign('area with SQL', { areas: ["x'; DROP TABLE ads.campaign; --"] }),
    campaign('NUL in an area', { areas: [NUL] }),
    campaign('area over 40', { areas: ['a'.repeat(41)] }),
    campaign('bid 99', { bidPerClick: 99 }),
    campaign('bid 10,001', { bidPerClick: 10_001 }),
    campaign('fractional bid', { bidPerClick: 150.5 }),
    campaign('bid as text', { bidPerClick: '500' }),
    campaign('budget below the bid', { bidPerClick: 1000, dailyBudget: 999 }),
    campaign('budget over 10M', { dailyBudget: 10_000_001 }),
    campaign('budget beyond Int', { dailyBudget: 2 ** 31 }),
    campaign('ends before it starts', { startsAt: soon(7_200_000), endsAt: soon(3_600_000) }),
    campaign('ends when it starts', { startsAt: soon(3_600_000), endsAt: soon(3_600_000) }),
    campaign('February 30', { endsAt: '2027-02-30T00:00:00Z' }),
    campaign('null areas', { areas: null }),
    editCampaign('bid over the budget', { bidPerClick: 10_000, dailyBudget: 5000 }),
    editCampaign('null bid', { bidPerClick: null }),
    editCampaign('null areas', { areas: null }),
    editCampaign('start after its end', { startsAt: '2999-01-01T00:00:00Z', endsAt: '2998-01-01T00:00:00Z' }),
    editCampaign('bad area', { areas: ['ok', 'NOT OK'] }),
    { name: 'createAdCampaign for an unknown shop', subgraph: 'ads', caller: 'victim', body: q(CREATE_CAMPAIGN, { id: '999999', i: validCampaign }) },
    { name: 'setAdCampaignStatus unknown status', subgraph: 'ads', caller: 'victim', body: q(CAMPAIGN_STATUS, { id: t.campaignId, s: 'DELETED' }) },
    click('made up', 'not-a-token'),
    click('empty', ''),
    click('shaped but unsigned', '1.1.500.abc.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA'),
    click('very long', 'x'.repeat(50_000)),
    click('NUL', NUL),
    click('a number', 12345),
    click('null', null),
    { name: 'writeReview for an unknown shop', subgraph: 'review', caller: 'anonymous', body: q(REVIEW, { id: '999999', i: { rating: 5, text: '맛있어요', author: '손님' } }) },
    { name: 'logIn NUL in email', subgraph: 'owner', caller: 'anonymous', body: q(LOG_IN, { e: 'kim\u0000@shopgraph.dev', p: 'password1' }) },
    { name: 'logIn NUL in password', subgraph: 'owner', caller: 'anonymous', body: q(LOG_IN, { e: t.victimEmail, p: NUL }) },
    { name: 'logIn password over 200', subgraph: 'owner', caller: 'anonymous', body: q(LOG_IN, { e: t.victimEmail, p: 'x'.repeat(201) }) },
  ];
}

/** What the attacker may not do to the victim's shop; and what nobody may do without signing in. */
export function forbiddenMutations(t: Targets): { name: string; subgraph: Target; body: object }[] {
  return [
    { name: 'updateShop', subgraph: 'shop', body: q(UPDATE, { id: t.shopId, i: { name: '탈취' } }) },
    { name: 'setShopStatus', subgraph: 'shop', body: q('mutation($id: ID!) { setShopStatus(id: $id, status: CLOSED) { version } }', { id: t.shopId }) },
    { name: 'deleteShop', subgraph: 'shop', body: q('mutation($id: ID!) { deleteShop(id: $id) }', { id: t.shopId }) },
    { name: 'addMenuItem', subgraph: 'shop', body: q(ADD_ITEM, { id: t.shopId, i: { name: '가짜', price: 1 } }) },
    { name: 'updateMenuItem', subgraph: 'shop', body: q(UPDATE_ITEM, { id: t.menuItemId, i: { price: 1 } }) },
    { name: 'removeMenuItem', subgraph: 'shop', body: q('mutation($id: ID!) { removeMenuItem(id: $id) { version } }', { id: t.menuItemId }) },
    { name: 'addPromotion', subgraph: 'shop', body: q(ADD_PROMOTION, { id: t.shopId, i: { title: '가짜', startsAt: soon(0), endsAt: soon(86_400_000) } }) },
    { name: 'endPromotion', subgraph: 'shop', body: q('mutation($id: ID!) { endPromotion(id: $id) { version } }', { id: t.promotionId }) },
    { name: 'createAdCampaign', subgraph: 'ads', body: q(CREATE_CAMPAIGN, { id: t.shopId, i: validCampaign }) },
    { name: 'updateAdCampaign', subgraph: 'ads', body: q(UPDATE_CAMPAIGN, { id: t.campaignId, i: { bidPerClick: 10_000, dailyBudget: 10_000_000 } }) },
    { name: 'setAdCampaignStatus', subgraph: 'ads', body: q(CAMPAIGN_STATUS, { id: t.campaignId, s: 'PAUSED' }) },
  ];
}

/** Malformed HTTP and GraphQL requests, and amplification, sent to the gateway. */
export function gatewayOnly(t: Targets): AttackCase[] {
  const anonymous = (name: string, body: string | object, extra: Partial<AttackCase> = {}): AttackCase => ({ name, target: 'gateway', caller: 'anonymous', body, ...extra });
  const aliases = (n: number, field: string) => `query($ids: [ID!]!) { ${Array.from({ length: n }, (_, i) => `a${i}: ${field} { id }`).join(' ')} }`;
  const hundred = Array.from({ length: 100 }, (_, i) => String(i + 1));
  const cursor = (text: string) => Buffer.from(text).toString('base64url');
  return [
    anonymous('body is not JSON', '{"query": '),
    anonymous('body is empty', ''),
    anonymous('body is a JSON string', '"{ shop(id: \\"1\\") { id } }"'),
    anonymous('body is null', 'null'),
    anonymous('body is a batch', JSON.stringify([q('{ __typename }'), q('{ __typename }')])),
    anonymous('query is missing', { variables: {} }),
    anonymous('query is a number', { query: 42 }),
    anonymous('variables are a string', { query: '{ __typename }', variables: 'x' }),
    anonymous('variables are an array', { query: '{ __typename }', variables: [1] }),
    anonymous('operationName is a number', { query: '{ __typename }', operationName: 7 }),
    anonymous('operationName names no operation', { query: 'query A { __typename }', operationName: 'B' }),
    anonymous('two anonymous operations', { query: '{ __typename } { __typename }' }),
    anonymous('body over the limit', { query: '{ __typename }', variables: { pad: 'x'.repeat(200_000) } }),
    anonymous('text/plain body (CSRF)', JSON.stringify(q('{ __typename }')), { headers: { 'content-type': 'text/plain' } }),
    anonymous('mutation over GET', '', { method: 'GET', search: `?query=${encodeURIComponent('mutation { deleteShop(id: "1") }')}` }),
    anonymous('unclosed selection', q('{ shop(id:"1"){name}')),
    anonymous('stray token', q('{ shop(id: "1") { name } } }')),
    anonymous('over the token limit', q(`{ shop(id: "1") { ${'name '.repeat(4000)} } }`)),
    anonymous('too deep', q('{ shop(id: "1") { a { b { c { d { e { f { g { h { i } } } } } } } } } }')),
    anonymous('too many aliases', q(`{ ${Array.from({ length: 30 }, (_, i) => `a${i}: shop(id: "${i + 1}") { id }`).join(' ')} }`)),
    anonymous('too many directives', q(`{ shop(id: "1") { name ${'@include(if: true) '.repeat(60)} } }`)),
    anonymous('subscription', q('subscription { __typename }')),
    // The schema has a Subscription type (live updates): a valid subscription sent to /graphql
    // must be refused too (it is served at /graphql/stream only).
    anonymous('subscription to /graphql', q('subscription { shopPublished(id: "1") { id name } }')),
    anonymous('unknown field', q('{ shop(id: "1") { secret } }')),
    anonymous('unknown argument', q('{ shop(id: "1", as: "admin") { id } }')),
    anonymous('missing argument', q('{ shop { id } }')),
    anonymous('wrong argument type', q('{ shop(id: 1.5) { id } }')),
    anonymous('unknown type in fragment', q('{ ...F } fragment F on Admin { id }')),
    anonymous('fragment cycle', q('{ shop(id: "1") { ...A } } fragment A on Shop { ...B } fragment B on Shop { ...A }')),
    anonymous('undeclared variable', q('{ shop(id: $id) { id } }')),
    anonymous('null for a required variable', q('query($id: ID!) { shop(id: $id) { id } }', { id: null })),
    anonymous('object for an ID variable', q('query($id: ID!) { shop(id: $id) { id } }', { id: { $gt: '' } })),
    anonymous('internal query', q('{ shopSnapshot(id: "1") { name } }')),
    anonymous('entities through the gateway', q('{ _entities(representations: [{ __typename: "Owner", id: "1" }]) { ... on Owner { email } } }')),
    anonymous('101 ids', q('query($ids: [ID!]!) { shops(ids: $ids) { id } }', { ids: [...hundred, '101'] })),
    anonymous('repeated ids', q('query($ids: [ID!]!) { shops(ids: $ids) { id } }', { ids: [t.shopId, t.shopId] })),
    anonymous('15 aliases of 100 ids', q(aliases(15, 'shops(ids: $ids)'), { ids: hundred })),
    anonymous('2 aliases of 60 ids', q(aliases(2, 'shops(ids: $ids)'), { ids: hundred.slice(0, 60) })),
    anonymous('15 aliases of 50 search results', q(`{ ${Array.from({ length: 15 }, (_, i) => `s${i}: searchShops(first: 50) { totalCount }`).join(' ')} }`)),
    anonymous('searchShops first 51', q(SEARCH, { first: 51 })),
    anonymous('searchShops first -1', q(SEARCH, { first: -1 })),
    anonymous('search cursor not base64', q(SEARCH, { after: '%%%' })),
    anonymous('search cursor with an id past int4', q(SEARCH, { after: cursor('1:9999999999') })),
    anonymous('search cursor with a negative id', q(SEARCH, { after: cursor('1:-5') })),
    anonymous('search cursor with SQL', q(SEARCH, { after: cursor("1:1; DROP TABLE search.shop_index") })),
    anonymous('NUL in search text', q(SEARCH, { f: { text: NUL } })),
    anonymous('search text over 100', q(SEARCH, { f: { text: long(101) } })),
    anonymous('search text of one character', q(SEARCH, { f: { text: 'a' } })),
    anonymous('100 ids and a searchShops first 0', q('query($ids: [ID!]!) { shops(ids: $ids) { id } searchShops(first: 0) { totalCount } }', { ids: hundred })),
    anonymous('2 aliases of 60 ids, variables per alias', q('query($a: [ID!]!, $b: [ID!]!) { a: shops(ids: $a) { id } b: shops(ids: $b) { id } }', { a: hundred.slice(0, 60), b: hundred.slice(40) })),
    anonymous('unknown category in search', q(SEARCH, { f: { category: 'BURGER' } })),
    anonymous('NUL in a literal', q('{ shop(id: "1\\u0000") { id } }')),
    anonymous('sponsoredShops first 11', q(SLATE, { area: 'seoul-gangnam', first: 11 })),
    anonymous('sponsoredShops first 0', q(SLATE, { area: 'seoul-gangnam', first: 0 })),
    anonymous('sponsoredShops area not a code', q(SLATE, { area: '서울 강남' })),
    anonymous('sponsoredShops area with SQL', q(SLATE, { area: "x' OR 1=1 --" })),
    anonymous('sponsoredShops unknown category', q(SLATE, { area: 'seoul-gangnam', category: 'BURGER' })),
    anonymous('15 aliases of 10 sponsored slots', q(`{ ${Array.from({ length: 15 }, (_, i) => `s${i}: sponsoredShops(area: "seoul-gangnam", first: 10) { position }`).join(' ')} }`)),
    anonymous('internal ads query', q('{ adShopSnapshots(ids: ["1"]) { shopId } }')),
    anonymous('updateProfile without a token', q(PROFILE, { n: '익명' })),
    anonymous('client-made identity header', q(UPDATE, { id: t.shopId, i: { name: '탈취' } }), { headers: { 'x-shopgraph-identity': 'owner:1' } }),
  ];
}

/** What a caller straight to a subgraph's port would try: internal queries, entities, mutations. */
function directProbes(t: Targets): Record<Exclude<Target, 'gateway'>, object[]> {
  return {
    owner: [q('{ _entities(representations: [{ __typename: "Owner", id: "1" }]) { ... on Owner { email phone } } }'), q('{ ownerSnapshot(id: "1") { name } }'), q('{ _service { sdl } }'), q(PROFILE, { n: '탈취' })],
    shop: [q('{ _entities(representations: [{ __typename: "ManagedShop", id: "1" }]) { ... on ManagedShop { phone } } }'), q('{ shopSnapshot(id: "1") { name } }'), q(UPDATE, { id: t.shopId, i: { name: '탈취' } }), q('{ shopIds(first: 10) }')],
    review: [q('{ reviewSummary(shopId: "1") { count } }'), q(REVIEW, { id: t.shopId, i: { rating: 1, text: '별로', author: '봇' } }), q('{ _service { sdl } }')],
    display: [q('{ shop(id: "1") { name } }'), q('{ __schema { types { name } } }'), q('{ _service { sdl } }')],
    search: [q(SEARCH, {}), q('{ _service { sdl } }')],
    ads: [q('{ adShopSnapshots(ids: ["1"]) { shopId campaigns { id } } }'), q('{ adShopIds(first: 10) }'), q(CAMPAIGN_STATUS, { id: t.campaignId, s: 'PAUSED' }), q('{ _service { sdl } }')],
    'ads-serving': [q(SLATE, { area: 'seoul-gangnam' }), q(CLICK, { t: 'x' }), q('{ _service { sdl } }')],
  };
}

/** Requests straight to a subgraph's port that the platform did not sign. */
export function unsignedDirect(t: Targets): AttackCase[] {
  return Object.entries(directProbes(t)).flatMap(([target, bodies]) =>
    bodies.map((body, i) => ({ name: `unsigned ${target} #${i + 1}`, target: target as Target, caller: 'none' as const, body })),
  );
}

/** The same, signed, but as nobody that subgraph takes: a gateway-made service identity, or one meant for another subgraph. */
export function misaddressedDirect(t: Targets): AttackCase[] {
  return (['forged-service', 'wrong-audience'] as const).flatMap((caller) =>
    Object.entries(directProbes(t)).flatMap(([target, bodies]) =>
      bodies.map((body, i) => ({ name: `${caller} ${target} #${i + 1}`, target: target as Target, caller, body })),
    ),
  );
}
