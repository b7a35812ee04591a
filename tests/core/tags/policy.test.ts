import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.ts';
import { decideGenres, mapLabel, parseMapArgs } from '../../../src/core/tags/policy.ts';
import type { TagDecisionInput } from '../../../src/core/tags/policy.ts';

const base: TagDecisionInput = { existing: [], label: 'hiphop', confidence: 0.8, unknown: false, policy: 'fill', minConfidence: 0.5, taxonomy: {} };

describe('tag policy', () => {
  it('fill writes only empty genres', () => {
    expect(decideGenres(base)).toEqual({ action: 'write', new: ['Hip-Hop'], reason: null });
    const d = decideGenres({ ...base, existing: ['Rap'] });
    expect(d.action).toBe('skip');
    expect(d.new).toEqual(['Rap']);
  });

  it('replace overwrites, but not with the same thing', () => {
    expect(decideGenres({ ...base, policy: 'replace', existing: ['Rap'] }).new).toEqual(['Hip-Hop']);
    expect(decideGenres({ ...base, policy: 'replace', existing: ['hip-hop'] }).action).toBe('skip');
  });

  it('append adds after the existing names, case-insensitively de-duplicated', () => {
    const d = decideGenres({ ...base, policy: 'append', existing: ['Rap', 'hip-hop'], taxonomy: { hiphop: ['Hip-Hop', 'Urban'] } });
    expect(d.new).toEqual(['Rap', 'hip-hop', 'Urban']);
    expect(decideGenres({ ...base, policy: 'append', existing: ['Hip-Hop'] }).action).toBe('skip');
  });

  it('never writes below the minimum confidence, unknown, or unanalysed', () => {
    expect(decideGenres({ ...base, confidence: 0.49 }).reason).toMatch(/below the minimum 0\.50/);
    expect(decideGenres({ ...base, unknown: true }).reason).toMatch(/never written/);
    expect(decideGenres({ ...base, label: 'unknown' }).action).toBe('skip');
    expect(decideGenres({ ...base, label: null, confidence: null }).reason).toMatch(/genrescope scan/);
  });

  it('taxonomy maps one label to several names, drops "unknown" and empty names', () => {
    expect(mapLabel('jazz', { JAZZ: ['Jazz', ' Smooth Jazz ', 'unknown', '', 'jazz'] })).toEqual(['Jazz', 'Smooth Jazz']);
    expect(mapLabel('rock', { jazz: ['X'] })).toEqual(['Rock']);
    expect(decideGenres({ ...base, taxonomy: { hiphop: [] } }).reason).toMatch(/maps 'hiphop' to no genre/);
  });

  it('parses --map arguments', () => {
    expect(parseMapArgs(['hiphop=Hip-Hop;Rap', 'Classical=Classical Music', 'disco='])).toEqual({
      hiphop: ['Hip-Hop', 'Rap'],
      classical: ['Classical Music'],
      disco: [],
    });
    expect(() => parseMapArgs(['nonsense'])).toThrow(UsageError);
  });
});
