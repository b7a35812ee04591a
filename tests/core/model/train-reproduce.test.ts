/**
 * `npm run train` is deterministic: training from scratch (all candidates, CV, selection) in this
 * process gives byte-identical .onnx and card files to the shipped ones. About 25 s of CPU (16
 * candidates); the generous timeout covers a machine shared with other test workers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { defaultModelManifestPath } from '../../../src/core/model/genre-model.ts';
import { trainGtzanModel } from '../../../src/core/model/gtzan-training.ts';
import { cardJson } from '../../../src/core/model/model-card.ts';
import { describeShared, sharedDir } from '../../helpers/shared-data.ts';

describeShared('npm run train reproduces the shipped model', () => {
  it('gives the same bytes as resources/models', () => {
    const manifestPath = defaultModelManifestPath();
    const shippedCard = readFileSync(manifestPath, 'utf8');
    const { date, file } = JSON.parse(shippedCard) as { date: string; file: string };
    const { artifacts } = trainGtzanModel({ sharedDir: sharedDir(), date, write: false });
    const shippedOnnx = readFileSync(path.join(path.dirname(manifestPath), file));
    expect(Buffer.from(artifacts.onnx).equals(shippedOnnx)).toBe(true);
    expect(cardJson(artifacts.card)).toBe(shippedCard);
  }, 300_000);
});
