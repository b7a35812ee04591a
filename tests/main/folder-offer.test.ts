import { describe, expect, it } from 'vitest';
import { offerFolders, type FolderLibrary, type FolderQuestion } from '../../src/main/folder-offer.ts';

/** The four service methods offerFolders uses, over an in-memory root list (the real service is exercised in main-wiring.test.ts). */
class Library implements FolderLibrary {
  roots: string[];
  state = 'idle';
  scans: (string[] | undefined)[] = [];
  constructor(roots: string[]) {
    this.roots = roots;
  }
  async listRoots() {
    return [...this.roots];
  }
  async addRoot({ path }: { path: string }) {
    if (!this.roots.includes(path)) this.roots.push(path);
    return this.listRoots();
  }
  async getScanStatus() {
    return { state: this.state };
  }
  async startScan({ roots }: { roots?: string[] }) {
    this.scans.push(roots);
    this.state = 'scanning';
    return {};
  }
}

describe('offerFolders', () => {
  it('asks, then adds new folders and scans them with the library folders to rescan', async () => {
    const lib = new Library(['/music']);
    const asked: FolderQuestion[] = [];
    const out = await offerFolders(['/new', '/music/jazz'], lib, async (q) => (asked.push(q), true), { platform: 'linux' });
    expect(asked).toHaveLength(1);
    expect(asked[0].confirm).toBe('Add and Scan');
    expect(out).toEqual({ kind: 'scanning', roots: ['/new', '/music'] });
    expect(lib.roots).toEqual(['/music', '/new']);
    expect(lib.scans).toEqual([['/new', '/music']]);
  });

  it('changes nothing when the user cancels', async () => {
    const lib = new Library([]);
    expect(await offerFolders(['/new'], lib, async () => false, { platform: 'linux' })).toEqual({ kind: 'cancelled' });
    expect(lib.roots).toEqual([]);
    expect(lib.scans).toEqual([]);
  });

  it('says a scan is running instead of pretending to start one; the folder is added anyway', async () => {
    const lib = new Library([]);
    lib.state = 'paused';
    expect(await offerFolders(['/new'], lib, async () => true, { platform: 'linux' })).toEqual({ kind: 'busy', added: ['/new'] });
    expect(lib.roots).toEqual(['/new']);
    expect(lib.scans).toEqual([]);
  });

  it('passes errors on (the caller shows them), after what already succeeded', async () => {
    const lib = new Library([]);
    lib.addRoot = async ({ path }) => {
      if (path === '/bad') throw new Error('not a folder: /bad');
      lib.roots.push(path);
      return lib.roots;
    };
    await expect(offerFolders(['/ok', '/bad'], lib, async () => true, { platform: 'linux' })).rejects.toThrow('not a folder');
    expect(lib.roots).toEqual(['/ok']);
  });
});
