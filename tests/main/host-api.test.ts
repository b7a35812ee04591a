import { describe, expect, it } from 'vitest';
import { desktopHostApi } from '../../src/main/host-api.ts';

describe('desktopHostApi', () => {
  const shown: string[] = [];
  const copied: string[] = [];
  const api = desktopHostApi({
    showItemInFolder: (p) => shown.push(p),
    writeClipboard: (t) => copied.push(t),
    chooseFolder: async () => '/picked',
  });

  it('answers the desktop-only methods', async () => {
    expect(await api.getAudioUrl({ id: 12 })).toEqual({ url: 'genrescope-audio://track/12' });
    await api.copyText({ text: 'jazz 0.81' });
    expect(copied).toEqual(['jazz 0.81']);
    expect(await api.pickFolder()).toBe('/picked');
    await api.revealInFolder({ path: process.cwd() });
    expect(shown).toEqual([process.cwd()]);
  });

  it('refuses relative and missing paths for reveal', async () => {
    await expect(api.revealInFolder({ path: 'relative/x.mp3' })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(api.revealInFolder({ path: '/definitely/not/here.mp3' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
