/**
 * The classify list shared by the main window's dialog and the compact result window (pure
 * functions): batches merge without duplicates, a repeated path is classified again in place, only
 * the latest request's answer fills an entry, failures stay visible; and the `?view=classify` query.
 */
import { describe, expect, it } from 'vitest';
import { applyResults, classifyProgress, entryState, failRequest, parsePathList, queuePaths, type ClassifyEntry } from '../../src/renderer/src/lib/classify-list.ts';
import { appViewOf, searchWithoutView } from '../../src/renderer/src/platform/app-view.ts';
import type { ClassifyResult } from '../../src/shared/dto.ts';

function ok(path: string, genre: string, p: number): ClassifyResult {
  return { path, genre, confidence: p, top3: [{ genre, p }], model: 'm', provider: 'cpu', error: null };
}
function bad(path: string, error: string): ClassifyResult {
  return { path, genre: null, confidence: null, top3: [], model: 'm', provider: null, error };
}
const view = (list: ClassifyEntry[]) => list.map((e) => [e.path, entryState(e), e.result?.genre ?? e.error]);

describe('classify list', () => {
  it('adds later batches to the list, once per path, and classifies a repeated path again in place', () => {
    let list = queuePaths([], ['/m/a.flac', '/m/b.flac', '/m/bad.mp3', '/m/a.flac'], 1);
    expect(view(list)).toEqual([
      ['/m/a.flac', 'pending', null],
      ['/m/b.flac', 'pending', null],
      ['/m/bad.mp3', 'pending', null],
    ]);
    list = applyResults(list, 1, [ok('/m/a.flac', 'jazz', 0.9), ok('/m/b.flac', 'rock', 0.6), bad('/m/bad.mp3', 'not an audio file')]);
    expect(view(list)).toEqual([
      ['/m/a.flac', 'done', 'jazz'],
      ['/m/b.flac', 'done', 'rock'],
      ['/m/bad.mp3', 'failed', 'not an audio file'],
    ]);
    expect(classifyProgress(list)).toEqual({ total: 3, pending: 0, done: 2, failed: 1 });

    list = queuePaths(list, ['/m/b.flac', '/m/c.flac'], 2);
    expect(view(list)).toEqual([
      ['/m/a.flac', 'done', 'jazz'],
      ['/m/b.flac', 'pending', null],
      ['/m/bad.mp3', 'failed', 'not an audio file'],
      ['/m/c.flac', 'pending', null],
    ]);
    expect(classifyProgress(list)).toEqual({ total: 4, pending: 2, done: 1, failed: 1 });
    list = applyResults(list, 2, [ok('/m/b.flac', 'blues', 0.7), ok('/m/c.flac', 'pop', 0.8)]);
    expect(view(list)).toEqual([
      ['/m/a.flac', 'done', 'jazz'],
      ['/m/b.flac', 'done', 'blues'],
      ['/m/bad.mp3', 'failed', 'not an audio file'],
      ['/m/c.flac', 'done', 'pop'],
    ]);
  });

  it('never lets an older answer overwrite a newer request for the same path', () => {
    let list = queuePaths([], ['/m/a.flac', '/m/b.flac'], 1);
    list = queuePaths(list, ['/m/a.flac'], 2); // a arrives again before the first answer
    list = applyResults(list, 2, [ok('/m/a.flac', 'metal', 0.95)]);
    // The slow first answer comes last: it may fill b, not a.
    list = applyResults(list, 1, [ok('/m/a.flac', 'country', 0.4), ok('/m/b.flac', 'disco', 0.5)]);
    expect(view(list)).toEqual([
      ['/m/a.flac', 'done', 'metal'],
      ['/m/b.flac', 'done', 'disco'],
    ]);
    // A late failure of request 1 leaves both alone too.
    expect(failRequest(list, 1, 'engine unreachable')).toEqual(list);
  });

  it('marks the pending files of a failed call with the reason, and a file missing from an answer as failed', () => {
    let list = queuePaths([], ['/m/a.flac'], 1);
    list = applyResults(list, 1, [ok('/m/a.flac', 'jazz', 0.9)]);
    list = queuePaths(list, ['/m/x.flac', '/m/y.flac'], 2);
    const failed = failRequest(list, 2, 'the connection dropped');
    expect(view(failed)).toEqual([
      ['/m/a.flac', 'done', 'jazz'],
      ['/m/x.flac', 'failed', 'the connection dropped'],
      ['/m/y.flac', 'failed', 'the connection dropped'],
    ]);
    const partial = applyResults(list, 2, [ok('/m/x.flac', 'pop', 0.5)]);
    expect(view(partial)[2]).toEqual(['/m/y.flac', 'failed', 'the engine returned no result for this file']);
    // A failed file given again is retried.
    expect(view(queuePaths(failed, ['/m/y.flac'], 3))[2]).toEqual(['/m/y.flac', 'pending', null]);
  });

  it('ignores answers for files no longer listed (the dialog was closed and cleared)', () => {
    expect(applyResults([], 1, [ok('/m/a.flac', 'jazz', 0.9)])).toEqual([]);
    expect(queuePaths([], [], 1)).toEqual([]);
  });

  it('reads typed paths one per line, unquoting and dropping blanks and repeats', () => {
    expect(parsePathList('  /m/a b.flac \n\n"C:\\Music\\x y.mp3"\r\n\'/m/q.ogg\'\n/m/a b.flac\n"')).toEqual(['/m/a b.flac', 'C:\\Music\\x y.mp3', '/m/q.ogg', '"']);
    expect(parsePathList(' \n ')).toEqual([]);
  });
});

describe('?view=classify', () => {
  it('selects the compact view only for view=classify', () => {
    expect(appViewOf('?view=classify')).toBe('classify');
    expect(appViewOf('?token=abc&view=classify')).toBe('classify');
    expect(appViewOf('')).toBe('app');
    expect(appViewOf('?view=library')).toBe('app');
    expect(appViewOf('?token=view%3Dclassify')).toBe('app');
  });

  it('leaves the compact view by dropping only the view parameter', () => {
    expect(searchWithoutView('?view=classify')).toBe('');
    expect(searchWithoutView('?token=a%2Bb&view=classify')).toBe('?token=a%2Bb');
    expect(searchWithoutView('?view=classify&token=xyz')).toBe('?token=xyz');
    expect(searchWithoutView('')).toBe('');
  });
});
