import type { ApolloGateway } from '@apollo/gateway';
import { dateTimeScalar } from '@shopgraph/graphql-conventions/date-time';

/**
 * The supergraph declares `DateTime` without its rules, so the gateway would accept any
 * string and leave it to a subgraph, whose refusal came back as an internal error. The
 * gateway's copy of the scalar gets the subgraphs' parsing: a malformed or impossible
 * date-time is refused before planning, as a literal (GRAPHQL_VALIDATION_FAILED) or as a
 * variable (BAD_USER_INPUT), with HTTP 400.
 */
export function useStrictScalars(gateway: ApolloGateway): void {
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    // Duck-typed: under vitest the gateway's graphql module is not this one (isScalarType would throw).
    const type = apiSchema.getType('DateTime') as { parseValue?: unknown; parseLiteral?: unknown } | undefined;
    if (!type || !('parseLiteral' in type)) return;
    type.parseValue = dateTimeScalar.parseValue;
    type.parseLiteral = dateTimeScalar.parseLiteral;
  });
}
