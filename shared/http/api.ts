import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ZodError, type z } from 'zod';
import { DomainError, InvalidInputError, fieldIssues } from '../domain/errors.js';

/**
 * The HTTP edge shared by every API function: routing by API Gateway v2 route key, JSON in and
 * out, and one error model. Domain errors carry codes; only here do they become status codes.
 * Details are exposed for 4xx only; a 5xx says nothing about internals (its cause is logged).
 */

export type ApiEvent = APIGatewayProxyEventV2 & { jsonBody?: unknown; formBody?: Record<string, string> };
export type ApiResponse = APIGatewayProxyStructuredResultV2;

/** A route's result: a body (200) or an explicit status and body. */
export type RouteResult = unknown | { readonly status: number; readonly body: unknown };

export type Route = (event: ApiEvent) => Promise<RouteResult> | RouteResult;

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly issues: readonly { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The one status of each domain error code (the JSON API and the materials website share it). */
export const STATUS_BY_CODE: Record<DomainError['code'], number> = {
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NOT_ACCEPTED: 403,
  THROTTLED: 429,
};

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function json(statusCode: number, body: unknown): ApiResponse {
  return { statusCode, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

/** Parses a JSON body; malformed JSON is a 400 naming the body, never a 500. */
export function jsonBody(): MiddlewareObj<ApiEvent> {
  return {
    before: (request) => {
      const { body, isBase64Encoded } = request.event;
      if (body === undefined || body === null || body === '') return;
      const text = isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
      // An HTML form (the materials page) posts URL-encoded fields.
      if ((request.event.headers?.['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        request.event.formBody = Object.fromEntries(new URLSearchParams(text));
        return;
      }
      try {
        request.event.jsonBody = JSON.parse(text);
      } catch {
        throw new HttpError(400, 'INVALID_JSON', 'the request body is not valid JSON', [
          { field: 'body', message: 'is not valid JSON' },
        ]);
      }
    },
  };
}

/** Maps every error to a JSON response: 4xx with the fields at fault, 5xx with a request id only. */
export function errorResponses(logger: Logger): MiddlewareObj<ApiEvent, ApiResponse> {
  return {
    onError: (request) => {
      const err = request.error;
      if (err instanceof HttpError) {
        request.response = json(err.statusCode, {
          error: { code: err.code, message: err.message, issues: err.issues },
        });
      } else if (err instanceof DomainError) {
        request.response = json(STATUS_BY_CODE[err.code], {
          error: { code: err.code, message: err.message, issues: err.issues },
        });
      } else if (err instanceof ZodError) {
        const issues = fieldIssues(err.issues);
        request.response = json(400, { error: { code: 'INVALID_INPUT', message: 'invalid request', issues } });
      } else {
        logger.error('unhandled error', err instanceof Error ? err : String(err));
        request.response = json(500, {
          error: { code: 'INTERNAL', message: 'internal error', requestId: request.context.awsRequestId },
        });
      }
    },
  };
}

/** A page for an error: the status, and the error's public message (4xx) or none (5xx). */
export type ErrorPage = (status: number, message?: string) => string;

/**
 * Maps every error to an HTML page (the materials website): the same statuses as the JSON API, a
 * 4xx page says what was wrong, a 5xx page nothing internal (its cause is logged).
 */
export function errorPages(logger: Logger, page: ErrorPage, headers: Record<string, string> = {}) {
  const html = (statusCode: number, message?: string): ApiResponse => ({
    statusCode,
    headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
    body: page(statusCode, message),
  });
  return {
    onError: (request) => {
      const err = request.error;
      if (err instanceof HttpError) request.response = html(err.statusCode, err.message);
      else if (err instanceof DomainError) request.response = html(STATUS_BY_CODE[err.code], err.message);
      else if (err instanceof ZodError) request.response = html(400, 'invalid request');
      else {
        logger.error('unhandled error', err instanceof Error ? err : String(err));
        request.response = html(500);
      }
    },
  } satisfies MiddlewareObj<ApiEvent, ApiResponse>;
}

/** Validates raw request fields with a zod schema; failures become InvalidInputError (400). */
export function validate<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new InvalidInputError(fieldIssues(parsed.error.issues));
  return parsed.data;
}

/** A page: HTML with the given status and headers (the materials website). */
export interface HtmlResult {
  readonly status: number;
  readonly html: string;
  readonly headers?: Record<string, string>;
}

function isHtml(result: RouteResult): result is HtmlResult {
  return typeof result === 'object' && result !== null && 'html' in result && 'status' in result;
}

function isExplicit(result: RouteResult): result is { status: number; body: unknown } {
  return (
    typeof result === 'object' &&
    result !== null &&
    'status' in result &&
    'body' in result &&
    Object.keys(result).length === 2
  );
}

/**
 * Builds a Lambda handler for API Gateway v2 (HTTP API) events from routes keyed by
 * "METHOD /path" — the route keys declared in shared/resources.ts. Errors become JSON, or pages
 * when `pages` is given (the materials website).
 */
export function apiHandler(
  logger: Logger,
  routes: Record<string, Route>,
  opts: { pages?: { page: ErrorPage; headers?: Record<string, string> } } = {},
) {
  const base = async (event: ApiEvent, _context: Context): Promise<ApiResponse> => {
    const route = routes[event.routeKey];
    if (!route) throw new HttpError(404, 'NO_ROUTE', `no route ${event.routeKey}`);
    const result = await route(event);
    if (isHtml(result))
      return {
        statusCode: result.status,
        headers: { 'content-type': 'text/html; charset=utf-8', ...result.headers },
        body: result.html,
      };
    return isExplicit(result) ? json(result.status, result.body) : json(200, result);
  };
  return middy<ApiEvent, ApiResponse>(base)
    .use(injectLambdaContext(logger))
    .use(httpHeaderNormalizer())
    .use(opts.pages ? errorPages(logger, opts.pages.page, opts.pages.headers) : errorResponses(logger))
    .use(jsonBody());
}
