// A small tmpfs the disk-full tests fill up. Mounting needs root (CI runs as root); elsewhere the tests say
// why they are skipped.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SmallDisk {
  dir: string;
  /** Fills what is left with a ballast file (the disk is then full); returns its size in bytes. */
  fill(): number;
  /** Deletes the ballast: the space is free again. */
  free(): void;
  unmount(): void;
}

/** Mounts a tmpfs of `sizeKb` in a temporary folder, or returns why it cannot. */
export function mountSmallDisk(sizeKb: number): SmallDisk | { skip: string } {
  if (process.platform !== 'linux') return { skip: `tmpfs needs Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { skip: 'mounting a tmpfs needs root' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-full-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (mounted.status !== 0) {
    fs.rmdirSync(dir);
    return { skip: `mount -t tmpfs failed: ${(mounted.stderr || String(mounted.error)).trim()}` };
  }
  const ballast = path.join(dir, 'ballast');
  return {
    dir,
    fill: () => {
      const chunk = Buffer.alloc(4096, 0x55);
      const fd = fs.openSync(ballast, 'a');
      let written = 0;
      try {
        for (;;) written += fs.writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        fs.closeSync(fd);
      }
      return written;
    },
    free: () => fs.rmSync(ballast, { force: true }),
    unmount: () => {
      spawnSync('umount', [dir], { timeout: 10_000 });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
