/**
 * React hooks over the transport: the only way views reach the engine.
 *  - useQuery(method, input, {refetchOn}) keeps the last answer while a new one loads (no flicker when
 *    a filter changes) and refetches when one of the named engine events arrives (throttled).
 *  - useMutation(method) for calls with side effects; useEvent(event, handler) for raw events.
 */
import { createContext, useCallback, useContext, useEffect, useEffectEvent, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { ScanStatus } from '../../../shared/dto.ts';
import { EngineCallError, type EngineEvents, type EventName, type MethodInput, type MethodName, type MethodOutput } from '../../../shared/contract.ts';
import type { ConnectionState, Transport } from './transport.ts';

const TransportContext = createContext<Transport | null>(null);

export function EngineProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  return <TransportContext.Provider value={transport}>{children}</TransportContext.Provider>;
}

function useTransport(): Transport {
  const t = useContext(TransportContext);
  if (!t) throw new Error('useTransport outside <EngineProvider>');
  return t;
}

/** Any rejection as an EngineCallError (so views can show `code` and `message`). */
export function asCallError(err: unknown): EngineCallError {
  if (err instanceof EngineCallError) return err;
  return new EngineCallError({ code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) });
}

export type Call = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;

/** A stable function that calls any method; for hooks that manage their own caching (paged lists). */
export function useCall(): Call {
  const transport = useTransport();
  return useCallback<Call>((method, input) => transport.call(method, input), [transport]);
}

export function useTransportKind(): Transport['kind'] {
  return useTransport().kind;
}

export function useConnection(): ConnectionState {
  const transport = useTransport();
  return useSyncExternalStore(
    (notify) => transport.onConnection(notify),
    () => transport.connection(),
  );
}

/** Resolves a dropped File to its path (desktop only; null in a browser). */
export function usePathForFile(): (file: File) => string | null {
  const transport = useTransport();
  return useCallback((file: File) => transport.pathForFile(file), [transport]);
}

export function useEvent<E extends EventName>(event: E, handler: (payload: EngineEvents[E]) => void): void {
  const transport = useTransport();
  const onEvent = useEffectEvent(handler);
  useEffect(() => transport.subscribe(event, (payload) => onEvent(payload)), [transport, event]);
}

export interface QueryResult<T> {
  data: T | undefined;
  error: EngineCallError | undefined;
  /** true until the answer for the current input (or the latest refetch) has arrived. */
  loading: boolean;
  refetch: () => void;
}

export interface QueryOptions {
  enabled?: boolean;
  /** Engine events after which the query is fetched again. */
  refetchOn?: readonly EventName[];
  /** Minimum time between event-driven refetches (default 400 ms). */
  throttleMs?: number;
  /** Show the previous input's answer while the new one loads (lists, filters). Default false. */
  keepPrevious?: boolean;
  /** After a failure, ask again every this many ms until it succeeds (e.g. a model still loading). */
  retryMs?: number;
}

interface QueryState<T> {
  key: string;
  version: number;
  data: T | undefined;
  error: EngineCallError | undefined;
}

export function useQuery<M extends MethodName>(method: M, input: MethodInput<M>, options: QueryOptions = {}): QueryResult<MethodOutput<M>> {
  const transport = useTransport();
  const { enabled = true, refetchOn, throttleMs = 400, keepPrevious = false, retryMs } = options;
  const key = JSON.stringify([method, input === undefined ? null : input]);
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<QueryState<MethodOutput<M>>>({ key: '', version: -1, data: undefined, error: undefined });

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const [m, parsed] = JSON.parse(key) as [M, MethodInput<M> | null];
    transport.call(m, (parsed ?? undefined) as MethodInput<M>).then(
      (data) => {
        if (live) setState({ key, version, data, error: undefined });
      },
      (err: unknown) => {
        // Keep the previous data of the same query visible beside the error.
        if (live) setState((prev) => ({ key, version, data: prev.key === key ? prev.data : undefined, error: asCallError(err) }));
      },
    );
    return () => {
      live = false;
    };
  }, [transport, key, version, enabled]);

  const events = refetchOn ? refetchOn.join(',') : '';
  useEffect(() => {
    if (!events || !enabled) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const bump = () => {
      if (timer) return;
      const wait = Math.max(0, last + throttleMs - Date.now());
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        setVersion((v) => v + 1);
      }, wait);
    };
    const offs = (events.split(',') as EventName[]).map((e) => transport.subscribe(e, bump));
    return () => {
      for (const off of offs) off();
      if (timer) clearTimeout(timer);
    };
  }, [transport, events, enabled, throttleMs]);

  const failedNow = state.key === key && state.version === version && state.error !== undefined;
  useEffect(() => {
    if (!failedNow || !retryMs || !enabled) return;
    const t = setTimeout(() => setVersion((v) => v + 1), retryMs);
    return () => clearTimeout(t);
  }, [failedNow, retryMs, enabled]);

  const refetch = useCallback(() => setVersion((v) => v + 1), []);
  const current = state.key === key;
  return {
    data: current || keepPrevious ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: enabled && (!current || state.version !== version),
    refetch,
  };
}

export interface MutationResult<M extends MethodName> {
  run: (input: MethodInput<M>) => Promise<MethodOutput<M>>;
  pending: boolean;
  error: EngineCallError | undefined;
  reset: () => void;
}

/** A call with side effects. `run` rejects with an EngineCallError and also records it in `error`. */
export function useMutation<M extends MethodName>(method: M): MutationResult<M> {
  const transport = useTransport();
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<EngineCallError | undefined>(undefined);
  const run = useCallback(
    async (input: MethodInput<M>) => {
      setPending((n) => n + 1);
      setError(undefined);
      try {
        return await transport.call(method, input);
      } catch (err) {
        const e = asCallError(err);
        setError(e);
        throw e;
      } finally {
        setPending((n) => n - 1);
      }
    },
    [transport, method],
  );
  const reset = useCallback(() => setError(undefined), []);
  return { run, pending: pending > 0, error, reset };
}

/**
 * The latest scan status: the getScanStatus answer at mount, then every scanProgress event (or a
 * status a scan command returned, passed to the setter).
 */
export function useScanStatus(): { status: ScanStatus | undefined; setStatus: (s: ScanStatus) => void; error: EngineCallError | undefined } {
  const initial = useQuery('getScanStatus', undefined);
  const [live, setLive] = useState<ScanStatus | undefined>(undefined);
  useEvent('scanProgress', setLive);
  return { status: live ?? initial.data, setStatus: setLive, error: initial.error };
}
