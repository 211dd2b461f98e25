import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirectory, DataDirectoryError } from './data-directory';

function freshPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'gatehouse-data-')), 'data');
}

/** A process that is certainly gone: one that ran and exited. */
function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.once('exit', () => resolve(child.pid!));
  });
}

describe('DataDirectory', () => {
  it('creates a missing directory, marks its format and takes its pid file', () => {
    const path = freshPath();
    const directory = DataDirectory.open(path);
    expect(JSON.parse(readFileSync(join(path, 'gatehouse-data.json'), 'utf8'))).toMatchObject({ format: 1 });
    expect(readFileSync(join(path, 'gatehouse.pid'), 'utf8').trim()).toBe(String(process.pid));
    expect(existsSync(directory.folder('db'))).toBe(true);
    directory.release();
    expect(existsSync(join(path, 'gatehouse.pid'))).toBe(false);
  });

  it('refuses while a live process holds it, naming the process and the directory', () => {
    const path = freshPath();
    DataDirectory.open(path).release();
    writeFileSync(join(path, 'gatehouse.pid'), `${process.ppid}\n`);
    expect(() => DataDirectory.open(path)).toThrow(
      new RegExp(`another Gatehouse \\(pid ${process.ppid}\\) is using the data directory ${path}`),
    );
    expect(readFileSync(join(path, 'gatehouse.pid'), 'utf8').trim()).toBe(String(process.ppid));
  });

  it('takes over the pid file of a process that died', async () => {
    const path = freshPath();
    DataDirectory.open(path).release();
    writeFileSync(join(path, 'gatehouse.pid'), `${await deadPid()}\n`);
    const directory = DataDirectory.open(path);
    expect(readFileSync(join(path, 'gatehouse.pid'), 'utf8').trim()).toBe(String(process.pid));
    directory.release();
  });

  it('takes over a pid file holding its own pid (a container restarted on the same volume)', () => {
    const path = freshPath();
    DataDirectory.open(path).release();
    writeFileSync(join(path, 'gatehouse.pid'), `${process.pid}\n`);
    const directory = DataDirectory.open(path);
    expect(readFileSync(join(path, 'gatehouse.pid'), 'utf8').trim()).toBe(String(process.pid));
    directory.release();
  });

  it('refuses a directory written by a newer Gatehouse and leaves it as it was', () => {
    const path = freshPath();
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, 'gatehouse-data.json'), '{"format":2}\n');
    expect(() => DataDirectory.open(path)).toThrow(DataDirectoryError);
    expect(() => DataDirectory.open(path)).toThrow(/written by a newer Gatehouse \(data format 2/);
    expect(readFileSync(join(path, 'gatehouse-data.json'), 'utf8')).toBe('{"format":2}\n');
    expect(existsSync(join(path, 'gatehouse.pid'))).toBe(false);
  });

  it('refuses a damaged marker, saying what to do', () => {
    const path = freshPath();
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, 'gatehouse-data.json'), '\u0000\u0000garbage');
    expect(() => DataDirectory.open(path)).toThrow(/may be damaged: restore it from a backup, or move it aside/);
  });

  it('refuses a directory of other files rather than mixing its data into them', () => {
    const path = freshPath();
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, 'notes.txt'), 'mine');
    expect(() => DataDirectory.open(path)).toThrow(/holds files \(notes.txt\) but is not a Gatehouse data directory/);
  });
});
