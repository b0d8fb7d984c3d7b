// parse-full-name ships no type definitions; this declares what proxydesk uses.
declare module 'parse-full-name' {
  export interface ParsedName {
    title: string;
    first: string;
    middle: string;
    last: string;
    nick: string;
    suffix: string;
    error: string[];
  }
  export function parseFullName(name: string): ParsedName;
}
