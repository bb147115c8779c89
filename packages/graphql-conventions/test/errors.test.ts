import { describe, expect, it } from 'vitest';
import { isInfrastructureOutage } from '../src/errors.js';

// Prisma's errors as they reach a resolver: a code, and sometimes a cause chain.
const prismaError = (code: string, message: string) => Object.assign(new Error(message), { code, name: 'PrismaClientKnownRequestError' });

describe('isInfrastructureOutage', () => {
  it('counts an overloaded or unreachable database as an outage (retry later), not a bug', () => {
    expect(isInfrastructureOutage(prismaError('P2028', 'Transaction API error: Unable to start a transaction in the given time.'))).toBe(true);
    expect(isInfrastructureOutage(prismaError('P2024', 'Timed out fetching a new connection from the connection pool.'))).toBe(true);
    expect(isInfrastructureOutage(new Error('wrapped', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }))).toBe(true);
  });

  it('does not hide real errors behind "unavailable"', () => {
    expect(isInfrastructureOutage(prismaError('P2002', 'Unique constraint failed'))).toBe(false);
    expect(isInfrastructureOutage(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
  });
});
