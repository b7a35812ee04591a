/**
 * Per-column transforms applied to raw feature rows before standardisation, so the classifier sees
 * features whose distributions suit a linear layer. The only non-identity transform is a log for
 * scale-type columns:
 *
 *   x → ln(max(x, 0) + offset_j)
 *
 * The GTZAN `_var` columns are variances over a clip's frames: non-negative, spanning two to four
 * orders of magnitude and strongly right-skewed (rms_var and zero_crossing_rate_var have skewness
 * above 3 on the training rows, about −1 to 0.5 after the log), so a few loud or noisy clips would
 * otherwise dominate the standardised scale. The clamp at 0 keeps an out-of-contract negative input
 * finite, and offset_j (1e-3 × the training median) keeps a zero variance (digital silence) finite.
 * The ONNX export computes the same thing inside the graph, so the app feeds raw features.
 */
import { FEATURE_COLUMNS } from '../features/columns.ts';
import { ModelError } from '../errors.ts';

/** Which columns a candidate log-transforms, by index into the feature row. */
export interface FeatureTransformSpec {
  id: string;
  logColumns: readonly number[];
}

/** A fitted transform: the spec's columns with their offsets (from the training rows). */
export interface ColumnTransform {
  id: string;
  logColumns: number[];
  /** offsets[k] belongs to logColumns[k]. */
  offsets: Float64Array;
}

export const IDENTITY_TRANSFORM: FeatureTransformSpec = { id: 'none', logColumns: [] };

/** Every `_var` column of the 57-column GTZAN layout (28 columns). */
export const LOG_VARIANCES_TRANSFORM: FeatureTransformSpec = {
  id: 'log-variances',
  logColumns: FEATURE_COLUMNS.flatMap((name, j) => (name.endsWith('_var') ? [j] : [])),
};

/** The named transforms a model card may refer to (see chosenSpec in model-card.ts). */
export const FEATURE_TRANSFORMS: Record<string, FeatureTransformSpec> = {
  [IDENTITY_TRANSFORM.id]: IDENTITY_TRANSFORM,
  [LOG_VARIANCES_TRANSFORM.id]: LOG_VARIANCES_TRANSFORM,
};

export function featureTransformById(id: string): FeatureTransformSpec {
  const spec = FEATURE_TRANSFORMS[id];
  if (!spec) throw new ModelError(`unknown feature transform "${id}" (known: ${Object.keys(FEATURE_TRANSFORMS).join(', ')})`);
  return spec;
}

/** Relative size of the log offset: small enough to leave the training range untouched in shape. */
export const LOG_OFFSET_FRACTION = 1e-3;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function fitColumnTransform(rows: Float64Array[], spec: FeatureTransformSpec): ColumnTransform {
  const d = rows[0]?.length ?? 0;
  const offsets = new Float64Array(spec.logColumns.length);
  spec.logColumns.forEach((j, k) => {
    if (!Number.isInteger(j) || j < 0 || j >= d) throw new ModelError(`feature transform ${spec.id} names column ${j}; rows have ${d}`);
    const col = rows.map((r) => Math.max(r[j], 0));
    const typical = median(col) || col.reduce((a, b) => a + b, 0) / col.length;
    offsets[k] = typical > 0 ? LOG_OFFSET_FRACTION * typical : 1;
  });
  return { id: spec.id, logColumns: [...spec.logColumns], offsets };
}

export function isIdentity(t: ColumnTransform): boolean {
  return t.logColumns.length === 0;
}

/** Transformed copies of the rows (the input is not modified). */
export function applyColumnTransform(rows: Float64Array[], t: ColumnTransform): Float64Array[] {
  if (isIdentity(t)) return rows;
  return rows.map((r) => {
    const out = Float64Array.from(r);
    t.logColumns.forEach((j, k) => (out[j] = Math.log(Math.max(r[j], 0) + t.offsets[k])));
    return out;
  });
}
