import { describe, expect, it } from 'vitest';
import { combineApi, createDispatcher, HostUnavailableError, toRemoteError } from '../../../src/core/server/dispatch.ts';
import { GenrescopeError, UsageError } from '../../../src/core/errors.ts';
import type { HostApi } from '../../../src/shared/contract.ts';

const host: HostApi = {
  getAudioUrl: async ({ id }) => ({ url: `x://${id}` }),
  revealInFolder: async () => {
    throw new HostUnavailableError('not here');
  },
  copyText: async () => undefined,
  pickFolder: async () => null,
};

class Engine {
  seen: unknown[] = [];
  async listRoots(): Promise<string[]> {
    this.seen.push('listRoots');
    return ['/m'];
  }
  async addRoot({ path }: { path: string }): Promise<string[]> {
    this.seen.push(path);
    throw new UsageError(`folder not found: ${path}`);
  }
  async getSettings(): Promise<unknown> {
    return { roots: [], workers: 0 };
  }
  async pauseScan(): Promise<unknown> {
    throw new Error('disk on fire');
  }
}

describe('combineApi + createDispatcher', () => {
  const engine = new Engine();
  const internal: string[] = [];
  const before: string[] = [];
  // The class's methods are on its prototype: combineApi must call them with the instance as `this`.
  const dispatch = createDispatcher(combineApi(engine as never, host), {
    onInternalError: (m, e) => internal.push(`${m}:${e.code}`),
    beforeCall: (m) => before.push(m),
  });

  it('routes engine and host methods', async () => {
    expect(await dispatch('listRoots', undefined)).toEqual({ ok: true, output: ['/m'] });
    expect(await dispatch('getAudioUrl', { id: 3 })).toEqual({ ok: true, output: { url: 'x://3' } });
    expect(await dispatch('copyText', { text: 'hi' })).toEqual({ ok: true, output: undefined });
    expect(await dispatch('pickFolder', undefined)).toEqual({ ok: true, output: null });
    expect(before).toEqual(['listRoots', 'getAudioUrl', 'copyText', 'pickFolder']);
  });

  it('maps failures to coded errors', async () => {
    expect(await dispatch('addRoot', { path: '/x' })).toEqual({ ok: false, error: { code: 'USAGE', message: 'folder not found: /x' } });
    expect(await dispatch('revealInFolder', { path: '/x' })).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: 'not here' } });
    expect(await dispatch('pauseScan', undefined)).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'disk on fire' } });
    const bad = await dispatch('getSettings', undefined);
    expect(bad.ok === false && bad.error.code).toBe('INVALID_OUTPUT');
    const missing = await dispatch('previewTags', { policy: 'fill', minConfidence: 0.5 });
    expect(missing.ok === false && missing.error.code).toBe('UNKNOWN_METHOD');
    expect(internal).toEqual(['pauseScan:INTERNAL', 'getSettings:INVALID_OUTPUT']);
  });

  it('validates input and method names before anything runs', async () => {
    const n = engine.seen.length;
    const r = await dispatch('addRoot', { path: '' });
    expect(r.ok === false && r.error.code).toBe('INVALID_INPUT');
    expect((await dispatch('constructor', undefined)).ok).toBe(false);
    expect((await dispatch(42, undefined)).ok).toBe(false);
    expect(engine.seen.length).toBe(n);
  });

  it('keeps string codes of foreign errors, hides odd ones', () => {
    expect(toRemoteError(new GenrescopeError('DECODE_FAILED', 'x'))).toEqual({ code: 'DECODE_FAILED', message: 'x' });
    expect(toRemoteError(Object.assign(new Error('gone'), { code: 'ENOENT' }))).toEqual({ code: 'ENOENT', message: 'gone' });
    expect(toRemoteError(Object.assign(new Error('odd'), { code: 'not a code' }))).toEqual({ code: 'INTERNAL', message: 'odd' });
    expect(toRemoteError('str')).toEqual({ code: 'INTERNAL', message: 'str' });
  });
});
