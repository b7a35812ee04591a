/**
 * Folders opened from the OS ("Open with", the Nautilus script, the command line): asked first, then
 * added to the library and scanned (see planFolders for when a folder is rescanned instead). The
 * library is the engine service's own methods and the question is injected, so this runs in plain
 * Node against a real GenrescopeService in tests.
 */
import { folderPrompt, planFolders } from './launch-router.ts';

export interface FolderLibrary {
  listRoots(): Promise<string[]>;
  addRoot(input: { path: string }): Promise<string[]>;
  getScanStatus(): Promise<{ state: string }>;
  startScan(input: { roots?: string[] }): Promise<unknown>;
}

export interface FolderQuestion {
  message: string;
  detail: string;
  confirm: string;
}

export type FolderOutcome =
  | { kind: 'cancelled' }
  /** A scan of `roots` started. */
  | { kind: 'scanning'; roots: string[] }
  /** Another scan was running: new folders were added and are scanned by the next scan. */
  | { kind: 'busy'; added: string[] };

export async function offerFolders(
  folders: readonly string[],
  library: FolderLibrary,
  ask: (q: FolderQuestion) => Promise<boolean>,
  opts: { platform?: NodeJS.Platform } = {},
): Promise<FolderOutcome> {
  const plans = planFolders(folders, await library.listRoots(), opts);
  const question = folderPrompt(plans);
  if (question === null || !(await ask(question))) return { kind: 'cancelled' };
  const added: string[] = [];
  const roots: string[] = [];
  for (const plan of plans) {
    if (plan.kind === 'add') {
      for (const f of plan.folders) {
        await library.addRoot({ path: f });
        added.push(f);
      }
      roots.push(...plan.folders);
    } else {
      roots.push(...plan.roots);
    }
  }
  // startScan quietly keeps a running scan going instead of starting one: say so rather than pretend.
  if ((await library.getScanStatus()).state !== 'idle') return { kind: 'busy', added };
  await library.startScan({ roots });
  return { kind: 'scanning', roots };
}
