import { apiHandler } from '../../shared/http/api.js';
import { openApiDocument } from '../../shared/http/openapi.js';

/**
 *   GET /openapi.json   the API's OpenAPI 3.1 document, generated from the schemas the handlers validate with
 */
export const handler = apiHandler('openapi', {
  'GET /openapi.json': () => openApiDocument(),
});
