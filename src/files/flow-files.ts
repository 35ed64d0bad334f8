// Adapter: finds and reads flow declaration files on disk for the CLI and the demo loader.

import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { DocumentFormat } from '../shared/located-document.js';

/** A flow file read from disk (or standard input), with the syntax to read it in. */
export interface FlowSource {
  /** The name to show in messages: the path as given, or `<stdin>`. */
  readonly name: string;
  readonly text: string;
  readonly format: DocumentFormat;
}

/** A path that could not be read, with the reason in words. */
export interface UnreadablePath {
  readonly name: string;
  readonly reason: string;
}

const FLOW_EXTENSIONS: Readonly<Record<string, DocumentFormat>> = {
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
};

/** The syntax of a file by its extension, or by its first character when it has none we know. */
export function formatOf(name: string, text: string): DocumentFormat {
  return FLOW_EXTENSIONS[extname(name).toLowerCase()] ?? (/^\s*[[{]/.test(text) ? 'json' : 'yaml');
}

/**
 * Reads every flow file named: files as given, folders searched (recursively) for .yaml, .yml and
 * .json files in name order. Unreadable paths are reported, not thrown, so that the rest is still read.
 */
export async function readFlowSources(
  paths: readonly string[],
  cwd: string,
): Promise<{ sources: FlowSource[]; unreadable: UnreadablePath[] }> {
  const sources: FlowSource[] = [];
  const unreadable: UnreadablePath[] = [];
  const visit = async (name: string, explicit: boolean): Promise<void> => {
    const full = resolve(cwd, name);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(full);
    } catch (err) {
      unreadable.push({ name, reason: reasonOf(err) });
      return;
    }
    if (info.isDirectory()) {
      const entries = (await readdir(full)).sort();
      for (const e of entries) {
        const child = join(name, e);
        const childInfo = await stat(resolve(cwd, child)).catch(() => undefined);
        if (childInfo?.isDirectory() || FLOW_EXTENSIONS[extname(e).toLowerCase()] !== undefined)
          await visit(child, false);
      }
      return;
    }
    if (!explicit && FLOW_EXTENSIONS[extname(name).toLowerCase()] === undefined) return;
    try {
      const buf = await readFile(full);
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
      sources.push({ name, text, format: formatOf(name, text) });
    } catch (err) {
      unreadable.push({ name, reason: err instanceof TypeError ? 'is not UTF-8 text' : reasonOf(err) });
    }
  };
  for (const p of paths) await visit(p, true);
  return { sources, unreadable };
}

function reasonOf(err: unknown): string {
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    default:
      return code ? `cannot be read (${code})` : 'cannot be read';
  }
}
