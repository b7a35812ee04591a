/** Shared empty / error / loading blocks so every view says the same thing the same way. */
import type { ReactNode } from 'react';
import type { EngineCallError } from '../../../shared/contract.ts';

export function ErrorBanner({ error, what }: { error: EngineCallError | Error; what: string }) {
  const code = 'code' in error ? ` (${String(error.code)})` : '';
  return (
    <div className="banner error" role="alert" data-testid="error-banner">
      <strong>{what} failed{code}:</strong> {error.message}
    </div>
  );
}

export function Empty({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <div className="muted" role="status" aria-live="polite">
      Loading {what}…
    </div>
  );
}
