import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/proxydesk.js', import.meta.url));
const NODE_ARGS = ['--openssl-legacy-provider', BIN];

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `proxydesk` command in a child process. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, ...args], {
      env: { ...process.env, ...env, PROXYDESK_TARGET: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `proxydesk start` and resolves once it has printed its URLs. */
export function startCli(
  args: readonly string[],
): Promise<{ child: ChildProcess; output: () => string; apiUrl: string; sesViewerUrl: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, 'start', ...args], {
      env: { ...process.env, PROXYDESK_TARGET: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`proxydesk start did not come up:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const api = /API and pages\s+(http:\/\/\S+)/.exec(out);
      const ses = /Sent mail \(local SES viewer\)\s+(http:\/\/\S+)/.exec(out);
      if (api && ses) {
        clearTimeout(timer);
        resolve({ child, output: () => out, apiUrl: api[1]!, sesViewerUrl: ses[1]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`proxydesk start exited with ${code}:\n${out}`));
    });
  });
}
