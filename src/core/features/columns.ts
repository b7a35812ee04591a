/**
 * The 57 feature columns of the Kaggle GTZAN table (features_30_sec.csv), in the table's order.
 * This order is the model's input order and the order of every stored feature vector.
 */
export const FEATURE_COLUMNS = ['chroma_stft_mean', 'chroma_stft_var', 'rms_mean', 'rms_var', 'spectral_centroid_mean', 'spectral_centroid_var', 'spectral_bandwidth_mean', 'spectral_bandwidth_var', 'rolloff_mean', 'rolloff_var', 'zero_crossing_rate_mean', 'zero_crossing_rate_var', 'harmony_mean', 'harmony_var', 'perceptr_mean', 'perceptr_var', 'tempo', 'mfcc1_mean', 'mfcc1_var', 'mfcc2_mean', 'mfcc2_var', 'mfcc3_mean', 'mfcc3_var', 'mfcc4_mean', 'mfcc4_var', 'mfcc5_mean', 'mfcc5_var', 'mfcc6_mean', 'mfcc6_var', 'mfcc7_mean', 'mfcc7_var', 'mfcc8_mean', 'mfcc8_var', 'mfcc9_mean', 'mfcc9_var', 'mfcc10_mean', 'mfcc10_var', 'mfcc11_mean', 'mfcc11_var', 'mfcc12_mean', 'mfcc12_var', 'mfcc13_mean', 'mfcc13_var', 'mfcc14_mean', 'mfcc14_var', 'mfcc15_mean', 'mfcc15_var', 'mfcc16_mean', 'mfcc16_var', 'mfcc17_mean', 'mfcc17_var', 'mfcc18_mean', 'mfcc18_var', 'mfcc19_mean', 'mfcc19_var', 'mfcc20_mean', 'mfcc20_var'] as const;

export type FeatureColumn = (typeof FEATURE_COLUMNS)[number];
export type FeatureVector = Record<FeatureColumn, number>;

/**
 * Bump when any extractor output can change: every cached analysis stores it, and a mismatch means
 * recompute (house rule 4).
 */
export const FEATURE_VERSION = 'gtzan-librosa08-1';

/** All analysis runs at this rate, mono, float32 in [-1, 1). */
export const SAMPLE_RATE = 22050;

export function featureVectorToArray(v: FeatureVector): Float64Array {
  const out = new Float64Array(FEATURE_COLUMNS.length);
  FEATURE_COLUMNS.forEach((c, i) => (out[i] = v[c]));
  return out;
}
