import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createUtilitySpawner, type UtilityFork, type UtilityProcessLike } from '../../src/main/utility-spawner.ts';

/** Stand-in for Electron's UtilityProcess (electron cannot run here): an emitter with its methods. */
class FakeUtility extends EventEmitter {
  readonly pid = 4242;
  readonly stderr = new PassThrough();
  readonly sent: unknown[] = [];
  killed = 0;
  postMessage(m: unknown): void {
    this.sent.push(m);
  }
  kill(): boolean {
    this.killed++;
    this.emit('exit', 15);
    return true;
  }
}

describe('createUtilitySpawner', () => {
  it('adapts utilityProcess.fork to the pool handle', () => {
    const forks: { modulePath: string; args: string[]; options: Parameters<UtilityFork>[2] }[] = [];
    const child = new FakeUtility();
    const spawn = createUtilitySpawner((modulePath, args, options) => {
      forks.push({ modulePath, args, options });
      return child as unknown as UtilityProcessLike;
    });
    const handle = spawn({ entry: '/app/out/main/analysis-worker.js', env: { A: '1' }, name: 'Genrescope analysis 1' });
    expect(forks).toEqual([
      { modulePath: '/app/out/main/analysis-worker.js', args: [], options: { env: { A: '1' }, serviceName: 'Genrescope analysis 1', stdio: ['ignore', 'ignore', 'pipe'] } },
    ]);
    expect(handle.pid).toBe(4242);

    const messages: unknown[] = [];
    handle.onMessage((m) => messages.push(m));
    child.emit('message', { type: 'ready' });
    expect(messages).toEqual([{ type: 'ready' }]);

    handle.send({ type: 'shutdown' });
    expect(child.sent).toEqual([{ type: 'shutdown' }]);

    child.stderr.write('boom\n');
    expect(handle.stderrTail?.()).toBe('boom');

    const exits: [number | null, string | null][] = [];
    handle.onExit((code, signal) => exits.push([code, signal]));
    handle.kill();
    expect(exits).toEqual([[15, null]]);
    // After exit: no more sends or kills, and late exit listeners still hear about it once.
    handle.send({ type: 'shutdown' });
    handle.kill();
    expect(child.sent.length).toBe(1);
    expect(child.killed).toBe(1);
    handle.onExit((code) => exits.push([code, 'late']));
    expect(exits).toEqual([[15, null], [15, 'late']]);
  });
});
