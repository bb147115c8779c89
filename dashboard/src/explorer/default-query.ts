/** What the explorer opens with: a read any visitor may run, and how to watch a shop live. */
export const DEFAULT_QUERY = `# shopgraph's public API. Build a query in the explorer on the left, or type one here.
# Owners: log in to the dashboard first (same tab), and "me" and the mutations use your token.
#
# Live shop pages are subscriptions over Server-Sent Events (/graphql/stream), e.g.
#   subscription Live($id: ID!) { shopPublished(id: $id) { name sourceVersion menu { name price soldOut } } }

query SearchShops {
  searchShops(first: 5) {
    edges {
      node {
        id
        name
        status
      }
    }
  }
}
`;
