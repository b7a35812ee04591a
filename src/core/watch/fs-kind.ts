/**
 * Is a folder on a network or FUSE file system? There, change events (inotify, FSEvents,
 * ReadDirectoryChangesW) cover at best the changes made through this machine: a file copied onto
 * the NAS from another computer raises no event here. Detected from statfs's f_type on Linux;
 * other platforms answer null (unknown), and watch mode then relies on events plus the safety rescan.
 */
import { statfsSync } from 'node:fs';

// Linux f_type magic numbers (linux/magic.h and the file systems' own headers).
const NETWORK_FS: ReadonlyMap<number, string> = new Map([
  [0x6969, 'nfs'],
  [0x517b, 'smb'],
  [0xff534d42, 'cifs'],
  [0xfe534d42, 'smb2'],
  [0x564c, 'ncp'],
  [0x65735546, 'fuse (sshfs, rclone, …)'],
  [0x01021997, 'v9fs (9p)'],
  [0x47504653, 'gpfs'],
  [0x00c36400, 'ceph'],
  [0x6b414653, 'afs'],
]);

/** The network/FUSE file system's name, or null when local or unknown. */
export function networkFsKind(p: string, platform: NodeJS.Platform = process.platform): string | null {
  if (platform !== 'linux') return null;
  try {
    return NETWORK_FS.get(statfsSync(p).type) ?? null;
  } catch {
    return null;
  }
}
