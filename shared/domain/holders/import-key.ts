import type { HolderKind } from './schema.js';

/**
 * Where holder files are uploaded on AWS: `imports/<meeting id>/<registered|nominee>/<name>.csv`
 * in the imports bucket. The key says which meeting and which list a file is.
 */
const IMPORT_KEY = /^imports\/([a-z0-9][a-z0-9-]{2,62})\/(registered|nominee)\/[^/]+\.csv$/i;

export function parseImportKey(key: string): { meetingId: string; kind: HolderKind } | undefined {
  const m = IMPORT_KEY.exec(key);
  return m ? { meetingId: m[1]!, kind: m[2]!.toLowerCase() as HolderKind } : undefined;
}

export function importKey(meetingId: string, kind: HolderKind, fileName: string): string {
  return `imports/${meetingId}/${kind}/${fileName}`;
}

/** The report of an import lands beside its file: `reports/<the file's key>.json`. */
export function reportKey(fileKey: string): string {
  return `reports/${fileKey}.json`;
}

/** The column map that applies to the files of an upload folder: `imports/<meeting>/<kind>/columns.json`. */
export function columnMapKey(fileKey: string): string {
  return `${fileKey.slice(0, fileKey.lastIndexOf('/'))}/columns.json`;
}
