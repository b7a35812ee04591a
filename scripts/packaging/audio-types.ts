/**
 * The audio types the desktop app registers with the OS ("Open with" and the right-click verb).
 * Must equal the extensions the engine's scanner accepts; tests/packaging checks both and the
 * committed electron-builder.yml / build/ files against this list.
 */
export interface AudioType {
  ext: string;
  mime: string;
  name: string;
}

export const AUDIO_TYPES: readonly AudioType[] = [
  { ext: 'mp3', mime: 'audio/mpeg', name: 'MP3 audio' },
  { ext: 'flac', mime: 'audio/flac', name: 'FLAC audio' },
  { ext: 'ogg', mime: 'audio/ogg', name: 'Ogg audio' },
  { ext: 'oga', mime: 'audio/x-vorbis+ogg', name: 'Ogg Vorbis audio' },
  { ext: 'opus', mime: 'audio/x-opus+ogg', name: 'Opus audio' },
  { ext: 'm4a', mime: 'audio/mp4', name: 'MPEG-4 audio' },
  { ext: 'wav', mime: 'audio/x-wav', name: 'WAV audio' },
  { ext: 'aiff', mime: 'audio/x-aiff', name: 'AIFF audio' },
  { ext: 'aif', mime: 'audio/x-aiff', name: 'AIFF audio' },
  { ext: 'wma', mime: 'audio/x-ms-wma', name: 'Windows Media audio' },
  { ext: 'wv', mime: 'audio/x-wavpack', name: 'WavPack audio' },
];

export const APP_EXECUTABLE = 'genrescope';
export const CLASSIFY_FLAG = '--classify';
export const VERB_KEY = 'Genrescope.Classify';
export const VERB_LABEL = 'Classify genre with Genrescope';
