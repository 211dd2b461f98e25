import { isCode } from '@gatehouse/runtime';
import { randomBytes } from 'node:crypto';
import { Dirent } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { assertArchiveKey, assertArchivePrefix } from './archive-key';
import { ArchiveStore } from './archive-store';

/**
 * The archive in a local directory, each object at `<directory>/<key>`: the bucket's layout, for a
 * composition without S3. An object is written to a dot-named temporary file beside its place,
 * flushed, then renamed over it, so a reader sees the whole old object or the whole new one; keys
 * never start a segment with a dot, so a temporary file is never taken for an object.
 */
export class LocalArchiveStore extends ArchiveStore {
  readonly directory: string;

  constructor(directory: string) {
    super();
    this.directory = resolve(directory);
  }

  async put(key: string, body: Buffer): Promise<void> {
    const path = this.pathOf(key);
    const folder = dirname(path);
    await mkdir(folder, { recursive: true });
    const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const file = await open(temporary, 'wx');
      try {
        await file.writeFile(body);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    // The rename itself must survive a power cut: whoever records the object as written relies on it.
    await syncDirectory(folder);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      // A key that is a folder here (it has objects below it) names no object, as in S3.
      if (isCode(error, 'ENOENT', 'EISDIR', 'ENOTDIR')) return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertArchivePrefix(prefix);
    const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const keys = await this.walk(folder);
    return keys.filter((key) => key.startsWith(prefix)).sort();
  }

  describe(): string {
    return `directory ${this.directory}`;
  }

  /** Keys of the objects under `folder` (`''` or ending in `/`), temporary files left out. */
  private async walk(folder: string): Promise<string[]> {
    let entries: Dirent[];
    try {
      entries = await readdir(join(this.directory, ...folder.split('/')), { withFileTypes: true });
    } catch (error) {
      if (isCode(error, 'ENOENT', 'ENOTDIR')) return [];
      throw error;
    }
    const keys: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const key = `${folder}${entry.name}`;
      if (entry.isDirectory()) keys.push(...(await this.walk(`${key}/`)));
      else if (entry.isFile()) keys.push(key);
    }
    return keys;
  }

  private pathOf(key: string): string {
    assertArchiveKey(key);
    const path = resolve(this.directory, ...key.split('/'));
    // The key rules already keep it inside; this holds even if they are loosened one day.
    if (!path.startsWith(this.directory + sep)) throw new Error(`archive key ${key} leaves ${this.directory}`);
    return path;
  }
}

async function syncDirectory(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
