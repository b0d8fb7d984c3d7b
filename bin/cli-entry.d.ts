export declare const BUNDLE_DIR: string;
export declare const BUNDLE_ENTRY: string;
export declare const BUNDLE_MANIFEST: string;
/** The bundle's entry file under the repo at `root`, or undefined when the sources must be run. */
export declare function freshBundle(root: string): string | undefined;
