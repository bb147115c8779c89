/**
 * The dashboard's pages load only what the build put beside them and talk only to this
 * origin (/graphql, /graphql/stream): no inline script, no other host, no framing. A script
 * injected through some hole could neither run inline nor send what it finds elsewhere.
 */
const DASHBOARD_DIRECTIVES = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'manifest-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const;

/**
 * GraphiQL's editor (Monaco) adds <style> elements as it runs and parses GraphQL in web workers
 * (built beside the page), and GraphiQL's stylesheet carries its fonts as data: URLs, so the
 * explorer's page allows inline styles, same-origin workers and data: fonts; scripts stay the
 * build's own.
 */
const EXPLORER_DIRECTIVES = {
  ...DASHBOARD_DIRECTIVES,
  'style-src': ["'self'", "'unsafe-inline'"],
  'font-src': ["'self'", 'data:'],
  'worker-src': ["'self'"],
} as const;

const serialize = (directives: Record<string, readonly string[]>) =>
  Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');

export const DASHBOARD_CSP = serialize(DASHBOARD_DIRECTIVES);
export const EXPLORER_CSP = serialize(EXPLORER_DIRECTIVES);
