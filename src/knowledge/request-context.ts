/**
 * Where code reads the current request's context (AsyncLocalStorage and the libraries built on
 * it): a value read through these differs per request, so a client built from it cannot be shared.
 */

/** Modules whose exports hold per-request state: a value read through them differs per call. */
export const REQUEST_CONTEXT_MODULES: ReadonlySet<string> = new Set([
  'async_hooks',
  'node:async_hooks',
  '@fastify/request-context',
  'express-http-context',
  'cls-hooked',
  'cls-rtracer',
  'nestjs-cls',
  'express-request-context',
]);

/** Methods that read the current request's context wherever they are called (`als.getStore()`). */
export const REQUEST_CONTEXT_METHODS: ReadonlySet<string> = new Set(['getStore']);

/**
 * Names a request handler gives its response object (`(req, res) => …`, Fastify's `reply`, Hapi's
 * `h`). What a key reads from it (`res.locals.plan.size`) is state the program's own middleware
 * set, not what the client sent, so the project index does not count it as request input.
 */
export const RESPONSE_PARAMETER_NAMES: ReadonlySet<string> = new Set(['res', 'resp', 'response', 'reply', 'h']);
