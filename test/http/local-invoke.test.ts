import { describe, expect, it } from 'vitest';
import { invoke } from '../../cli/local/http-server.js';

describe('the local API while npm start is starting', () => {
  it('a route whose handler is not built yet answers 503 with Retry-After, not a 500; no route is still undefined (404)', async () => {
    // `npm start` listens first (its address goes into the handlers' config), then builds the handlers.
    const starting = await invoke({}, 'GET', new URL('http://127.0.0.1:3000/meetings'));
    expect(starting).toMatchObject({ statusCode: 503, headers: { 'retry-after': '1' } });
    expect(JSON.parse(starting!.body as string)).toEqual({
      error: { code: 'STARTING', message: 'the platform is starting; try again in a moment' },
    });
    expect(await invoke({}, 'GET', new URL('http://127.0.0.1:3000/no/such/route'))).toBeUndefined();
  });
});
