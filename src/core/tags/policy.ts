/**
 * What genre text a file should get, decided from its existing genres and the model's prediction.
 * Pure: no file or database access.
 *
 * Policies: 'fill' writes only files without a genre (default), 'replace' overwrites, 'append' adds the
 * new names after the existing ones (case-insensitive de-duplication). A prediction below the minimum
 * confidence, or one the model marks 'unknown' (below its own threshold), is never written; neither is
 * the text 'unknown' itself, even when a taxonomy maps a label to it.
 */
import { z } from 'zod';
import { UsageError } from '../errors.ts';

export type TagPolicy = 'fill' | 'replace' | 'append';
export const TAG_POLICIES: readonly TagPolicy[] = ['fill', 'replace', 'append'];

/** Model label (lower-case) -> the user's genre names; several names become a multi-value genre. */
export type Taxonomy = Record<string, string[]>;

export const TaxonomySchema = z.record(z.string().min(1), z.array(z.string()));
/** Settings key under which the user's taxonomy is stored (JSON). */
export const TAXONOMY_SETTING = 'tagging.taxonomy';

/** Names used when the user's taxonomy does not mention a label (GTZAN's ten, spelled as people write them). */
const DEFAULT_NAMES: Record<string, string> = {
  blues: 'Blues',
  classical: 'Classical',
  country: 'Country',
  disco: 'Disco',
  hiphop: 'Hip-Hop',
  jazz: 'Jazz',
  metal: 'Metal',
  pop: 'Pop',
  reggae: 'Reggae',
  rock: 'Rock',
};

export function defaultName(label: string): string {
  const known = DEFAULT_NAMES[label.toLowerCase()];
  if (known) return known;
  return label.charAt(0).toUpperCase() + label.slice(1);
}

function isUnknownText(name: string): boolean {
  return name.trim().toLowerCase() === 'unknown';
}

/** The genre names for a model label: the taxonomy's entry (may be several, may be none) or the default name. */
export function mapLabel(label: string, taxonomy: Taxonomy): string[] {
  const key = Object.keys(taxonomy).find((k) => k.toLowerCase() === label.toLowerCase());
  const names = key !== undefined ? taxonomy[key] : [defaultName(label)];
  const out: string[] = [];
  for (const n of names) {
    const t = n.trim();
    if (t && !isUnknownText(t) && !out.some((o) => o.toLowerCase() === t.toLowerCase())) out.push(t);
  }
  return out;
}

/** Parses CLI `--map label=Name1;Name2` arguments (an empty right side maps the label to nothing). */
export function parseMapArgs(args: readonly string[]): Taxonomy {
  const out: Taxonomy = {};
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new UsageError(`--map expects label=Name1;Name2, got '${a}'`);
    const label = a.slice(0, eq).trim().toLowerCase();
    if (!label) throw new UsageError(`--map expects label=Name1;Name2, got '${a}'`);
    out[label] = a
      .slice(eq + 1)
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  return out;
}

export interface TagDecisionInput {
  existing: readonly string[];
  /** model label; null when the file has not been analysed */
  label: string | null;
  confidence: number | null;
  /** the model's own threshold said 'unknown' */
  unknown: boolean;
  policy: TagPolicy;
  minConfidence: number;
  taxonomy: Taxonomy;
}

export interface TagDecision {
  action: 'write' | 'skip';
  new: string[];
  reason: string | null;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x.toLowerCase() === b[i].toLowerCase());
}

export function decideGenres(input: TagDecisionInput): TagDecision {
  const existing = [...input.existing];
  const skip = (reason: string): TagDecision => ({ action: 'skip', new: existing, reason });
  if (input.label === null || input.confidence === null) return skip('not analysed yet: run `genrescope scan` first');
  if (input.unknown || isUnknownText(input.label)) return skip("the model says 'unknown' (below its threshold); 'unknown' is never written");
  if (input.confidence < input.minConfidence) {
    return skip(`confidence ${input.confidence.toFixed(2)} is below the minimum ${input.minConfidence.toFixed(2)}`);
  }
  const mapped = mapLabel(input.label, input.taxonomy);
  if (mapped.length === 0) return skip(`the taxonomy maps '${input.label}' to no genre`);
  switch (input.policy) {
    case 'fill':
      if (existing.length > 0) return skip('already has a genre (policy fill writes only empty genres)');
      return { action: 'write', new: mapped, reason: null };
    case 'replace':
      if (sameList(existing, mapped)) return skip('already has exactly this genre');
      return { action: 'write', new: mapped, reason: null };
    case 'append': {
      const added = mapped.filter((m) => !existing.some((e) => e.toLowerCase() === m.toLowerCase()));
      if (added.length === 0) return skip('already contains this genre');
      return { action: 'write', new: [...existing, ...added], reason: null };
    }
  }
}
