import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { OpenApiDocument } from '../../shared/http/openapi.js';

/**
 * JSON Schema 2020-12 validators (ajv) for the schemas an OpenAPI 3.1 document gives a route: its
 * request body, a path or query parameter, a response. Lets a test ask "does the published
 * contract accept this?" independently of the zod schemas the handlers validate with.
 */

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema: object;
}
interface Media {
  readonly schema: object;
}
export interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Record<string, Media> };
  readonly responses: Record<string, { readonly content?: Record<string, Media> }>;
  readonly security?: readonly Record<string, readonly string[]>[];
}

export function contractValidator(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const id = 'https://proxydesk.invalid/openapi.json';
  ajv.addSchema({ $id: id, components: doc.components });
  // Inline schemas refer to components from the document's root: point them at the added copy.
  const compile = (schema: object): ValidateFunction =>
    ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${id}#/components/`)));
  const operation = (routeKey: string): Operation => {
    const [method, path] = routeKey.split(' ') as [string, string];
    const op = (doc.paths?.[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];
    if (!op) throw new Error(`the document has no operation ${routeKey}`);
    return op;
  };
  const media = (content: Record<string, Media> | undefined, mediaType: string, what: string): object => {
    const schema = content?.[mediaType]?.schema;
    if (!schema) throw new Error(`no ${mediaType} schema for ${what}`);
    return schema;
  };
  return {
    operation,
    body: (routeKey: string, mediaType = 'application/json') =>
      compile(media(operation(routeKey).requestBody?.content, mediaType, `the body of ${routeKey}`)),
    parameter: (routeKey: string, name: string) => {
      const p = operation(routeKey).parameters?.find((x) => x.name === name);
      if (!p) throw new Error(`no parameter ${name} on ${routeKey}`);
      return compile(p.schema);
    },
    response: (routeKey: string, status: number, mediaType = 'application/json') =>
      compile(media(operation(routeKey).responses[String(status)]?.content, mediaType, `${status} of ${routeKey}`)),
  };
}
