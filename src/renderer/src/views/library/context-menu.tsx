/** Right-click menu of a library row (also opened with the context-menu key or Shift+F10). */
import { useEffect, useRef, type KeyboardEvent } from 'react';

export interface MenuItem {
  label: string;
  action: () => void;
  testId: string;
}

/** Why the menu closed: after 'escape' or 'action' the caller gives focus back to where the menu came from. */
export type CloseReason = 'escape' | 'outside' | 'action';

export function ContextMenu({ x, y, items, onClose }: { x: number; y: number; items: MenuItem[]; onClose: (reason: CloseReason) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
    const close = (ev: Event) => {
      if (ev.type === 'keydown' && (ev as globalThis.KeyboardEvent).key !== 'Escape') return;
      if (ev.type === 'mousedown' && ref.current?.contains(ev.target as Node)) return;
      onClose(ev.type === 'keydown' ? 'escape' : 'outside');
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    window.addEventListener('blur', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
      window.removeEventListener('blur', close);
    };
  }, [onClose]);
  const onKeyDown = (ev: KeyboardEvent) => {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    ev.preventDefault();
    const buttons = [...(ref.current?.querySelectorAll('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = (at + (ev.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length;
    buttons[next]?.focus();
  };
  return (
    <div
      ref={ref}
      className="context-menu"
      role="menu"
      data-testid="context-menu"
      style={{ left: Math.min(x, window.innerWidth - 210), top: Math.min(y, window.innerHeight - 40 * items.length) }}
      onKeyDown={onKeyDown}
    >
      {items.map((item) => (
        <button
          key={item.testId}
          role="menuitem"
          data-testid={item.testId}
          onClick={() => {
            onClose('action');
            item.action();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
