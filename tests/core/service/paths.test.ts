/** Where the library database lives by default, per platform. */
import { describe, expect, it } from 'vitest';
import { defaultDbPath } from '../../../src/core/service/paths.ts';

describe('defaultDbPath', () => {
  it('follows each platform’s app-data convention', () => {
    expect(defaultDbPath({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.local/share/genrescope/library.sqlite');
    expect(defaultDbPath({ HOME: '/home/u', XDG_DATA_HOME: '/data' }, 'linux')).toBe('/data/genrescope/library.sqlite');
    // A relative XDG_DATA_HOME is invalid by the spec and ignored.
    expect(defaultDbPath({ HOME: '/home/u', XDG_DATA_HOME: 'rel' }, 'linux')).toBe('/home/u/.local/share/genrescope/library.sqlite');
    expect(defaultDbPath({ HOME: '/Users/u' }, 'darwin')).toBe('/Users/u/Library/Application Support/Genrescope/library.sqlite');
    expect(defaultDbPath({ USERPROFILE: 'C:\\Users\\u', APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toBe('C:\\Users\\u\\AppData\\Roaming\\Genrescope\\library.sqlite');
  });
});
