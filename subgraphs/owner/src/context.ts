import type { AuthTokens } from '@shopgraph/identity/auth-token';
import type { Passwords } from './passwords.js';
import type { CommandContext } from '@shopgraph/command-runtime/command-subgraph';

export interface OwnerContext extends CommandContext {
  tokens: AuthTokens;
  passwords: Passwords;
}
