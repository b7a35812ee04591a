/**
 * One contract call, transport-independent: validate the input with the contract's zod schema, call
 * the implementation, validate the output, and turn every failure into a RemoteError with a code.
 * Used by the Electron IPC router (src/main) and by the `genrescope serve` WebSocket server, so both
 * transports behave identically.
 */
import { z } from 'zod';
import {
  contract,
  isHostMethod,
  isMethodName,
  METHOD_NAMES,
  TRANSPORT_ERROR_CODES as CODES,
  toIssues,
  type CallResult,
  type EngineApi,
  type HostApi,
  type MethodName,
  type RemoteError,
  type ServiceApi,
} from '../../shared/contract.ts';
import { GenrescopeError, errorMessage } from '../errors.ts';

/** A contract method this host cannot perform (e.g. revealInFolder in a browser). */
export class HostUnavailableError extends GenrescopeError {
  constructor(message: string) {
    super(CODES.unavailable, message);
  }
}

type AnyMethod = (input: unknown) => Promise<unknown>;

/**
 * The engine side as the transports see it: any subset of the service methods (an engine built
 * without, say, tagging answers those calls with UNKNOWN_METHOD instead of failing to start).
 */
export type EngineService = Partial<ServiceApi>;

/**
 * The full contract implementation: host methods from `host`, everything else forwarded to the engine
 * service. Methods are looked up on each call, so `service` may be a class instance.
 */
export function combineApi(service: EngineService, host: HostApi): EngineApi {
  const api: Partial<Record<MethodName, AnyMethod>> = {};
  for (const m of METHOD_NAMES) {
    if (isHostMethod(m)) {
      api[m] = (input) => (host[m] as AnyMethod).call(host, input);
    } else {
      api[m] = (input) => {
        const fn = (service as unknown as Record<string, unknown>)[m];
        if (typeof fn !== 'function') {
          return Promise.reject(new GenrescopeError(CODES.unknownMethod, `the engine does not implement '${m}'`));
        }
        return (fn as AnyMethod).call(service, input);
      };
    }
  }
  return api as EngineApi;
}

export function toRemoteError(err: unknown): RemoteError {
  if (err instanceof GenrescopeError) return { code: err.code, message: err.message };
  // Errors from other modules may still carry a string code (GenrescopeError look-alikes, Node errors).
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code)) return { code, message: err.message };
  }
  return { code: CODES.internal, message: errorMessage(err) };
}

export interface DispatchOptions {
  /** Called for failures that are bugs rather than user errors (INVALID_OUTPUT, INTERNAL). */
  onInternalError?: (method: string, error: RemoteError, cause: unknown) => void;
  /** Called after input validation, before the implementation runs (e.g. to grant file access). */
  beforeCall?: (method: MethodName, input: unknown) => void;
}

export type Dispatch = (method: unknown, input: unknown) => Promise<CallResult>;

export function createDispatcher(api: EngineApi, options: DispatchOptions = {}): Dispatch {
  return async (method, rawInput) => {
    if (!isMethodName(method)) {
      return fail({ code: CODES.unknownMethod, message: `unknown method '${String(method)}'` });
    }
    const spec = contract[method];
    const input = (spec.input as z.ZodType).safeParse(rawInput);
    if (!input.success) {
      return fail({
        code: CODES.invalidInput,
        message: `${method}: invalid input: ${z.prettifyError(input.error)}`,
        issues: toIssues(input.error),
      });
    }
    let raw: unknown;
    try {
      options.beforeCall?.(method, input.data);
      raw = await (api[method] as AnyMethod)(input.data);
    } catch (err) {
      const error = toRemoteError(err);
      if (error.code === CODES.internal) options.onInternalError?.(method, error, err);
      return fail(error);
    }
    const output = (spec.output as z.ZodType).safeParse(raw);
    if (!output.success) {
      const error: RemoteError = {
        code: CODES.invalidOutput,
        message: `${method}: the engine returned data that does not match the contract: ${z.prettifyError(output.error)}`,
        issues: toIssues(output.error),
      };
      options.onInternalError?.(method, error, output.error);
      return fail(error);
    }
    return { ok: true, output: output.data };
  };
}

function fail(error: RemoteError): CallResult {
  return { ok: false, error };
}
