/**
 * A synthetic analysed library written through the engine's own Store API (no audio): for UI scale
 * tests and the scroll benchmark. Titles are `Track <i>`, genres cycle through GENRES, confidence
 * cycles 0.50..0.99, artists/albums repeat like a real collection's.
 */
import { Store } from '../../../src/core/store/store.ts';

export const GENRES = ['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock'] as const;

export function seedLibrary(dbPath: string, count: number): void {
  const store = Store.open(dbPath);
  try {
    for (let i = 0; i < count; i++) {
      const genre = GENRES[i % GENRES.length];
      const second = GENRES[(i + 3) % GENRES.length];
      const confidence = 0.5 + (i % 50) / 100;
      const up = store.upsertScannedTrack(
        { path: `/music/Artist ${i % 700}/Album ${i % 3000}/track-${i}.mp3`, sizeBytes: 3_000_000 + i, mtimeMs: 1.7e12, quickHash: null },
        { durationSec: 120 + (i % 300), title: `Track ${i}`, artist: `Artist ${i % 700}`, album: `Album ${i % 3000}`, genre: [], sampleRate: 44100, channels: 2, codec: 'mp3' },
      );
      store.saveAnalysis(up.id, {
        modelName: 'synthetic',
        modelHash: 'synthetic',
        featureVersion: 'synthetic',
        genre,
        confidence,
        unknown: false,
        probabilities: { [genre]: confidence, [second]: 1 - confidence },
        top3: [
          { genre, p: confidence },
          { genre: second, p: 1 - confidence },
        ],
        provider: 'cpu',
        timingsMs: {},
        windows: [],
      });
    }
  } finally {
    store.close();
  }
}
