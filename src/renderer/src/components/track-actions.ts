/**
 * Actions on one track shared by the library's context menu and the track view. Host-only actions
 * (reveal, copy) degrade in a browser: reveal explains why it cannot, copy uses the page clipboard.
 */
import { useCallback } from 'react';
import { useMutation, useTransportKind } from '../client/hooks.tsx';
import { copyInBrowser } from '../platform/clipboard.ts';
import { useNotify } from './notify.tsx';
import type { TrackRow } from '../../../shared/dto.ts';

export interface TrackActions {
  reclassify: (row: Pick<TrackRow, 'id' | 'path'>) => Promise<TrackRow | null>;
  reveal: (path: string) => void;
  copyPath: (path: string) => void;
  reclassifying: boolean;
}

export function useTrackActions(): TrackActions {
  const notify = useNotify();
  const kind = useTransportKind();
  const reclassifyM = useMutation('reclassifyTrack');
  const revealM = useMutation('revealInFolder');
  const copyM = useMutation('copyText');
  const runReclassify = reclassifyM.run;
  const runReveal = revealM.run;
  const runCopy = copyM.run;

  const reclassify = useCallback(
    async (row: Pick<TrackRow, 'id' | 'path'>) => {
      try {
        const updated = await runReclassify({ id: row.id });
        notify(updated.status === 'failed' ? `Could not classify ${row.path}: ${updated.error ?? 'unknown error'}` : `Classified again: ${updated.genre ?? 'unknown'}`, updated.status === 'failed' ? 'error' : 'info');
        return updated;
      } catch (err) {
        notify(`Classify again failed: ${(err as Error).message}`, 'error');
        return null;
      }
    },
    [runReclassify, notify],
  );

  const reveal = useCallback(
    (path: string) => {
      if (kind !== 'ipc') {
        notify('Reveal in folder only works in the desktop app: the browser cannot open folders on the machine running the engine.', 'error');
        return;
      }
      runReveal({ path }).catch((err: Error) => notify(`Reveal in folder failed: ${err.message}`, 'error'));
    },
    [kind, runReveal, notify],
  );

  const copyPath = useCallback(
    (path: string) => {
      const viaHost = kind === 'ipc' ? runCopy({ text: path }) : copyInBrowser(path);
      viaHost.then(
        () => notify('Path copied'),
        (err: Error) => notify(`Copy failed: ${err.message}`, 'error'),
      );
    },
    [kind, runCopy, notify],
  );

  return { reclassify, reveal, copyPath, reclassifying: reclassifyM.pending };
}
