import { apiHandler } from '#shared/http/api.js';
import { openApiDocument } from '#shared/http/openapi.js';
import { logger } from '../commons/observability.js';

// Generated once per process from the contract the handlers validate with.
const document = openApiDocument();

/**
 *   GET /openapi.json   the API's OpenAPI 3.1 document, generated from the schemas the handlers validate with
 */
export const handler = apiHandler(logger('openapi'), {
  'GET /openapi.json': () => document,
});

/** Needs no root (no storage, no config): every runtime uses the one handler. */
export const makeHandler = (): typeof handler => handler;
