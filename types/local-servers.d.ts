// The embedded local servers ship no type definitions; these declare what proxydesk uses.
// (aws-ses-v2-local ships its own.)
declare module 'dynalite' {
  import type { Server } from 'node:http';
  interface DynaliteOptions {
    /** LevelDB directory; in memory without it. */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    verbose?: boolean;
  }
  /** An http.Server whose close() also closes the database. */
  function dynalite(options?: DynaliteOptions): Server;
  export default dynalite;
}

declare module 's3rver' {
  import type { Server } from 'node:http';
  import type { AddressInfo } from 'node:net';
  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    resetOnClose?: boolean;
    configureBuckets?: { name: string; configs?: unknown[] }[];
  }
  class S3rver {
    constructor(options: S3rverOptions);
    /** Set by run(). */
    httpServer?: Server;
    run(): Promise<AddressInfo>;
    /** Creates the http.Server and listens; with a trailing callback it returns the server. */
    listen(...args: unknown[]): Server | Promise<Server>;
    close(): Promise<void>;
    reset(): void;
    /** s3rver is a Koa app: it emits 'event' with an S3 notification for each object created or removed. */
    on(event: 'event', listener: (e: never) => void): this;
  }
  export default S3rver;
}
