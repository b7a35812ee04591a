/**
 * Hash routes (#/library, #/track/12, ...) so a browser reload or a shared serve link keeps the view,
 * and the desktop app needs no history handling. Views read and change the route through useRoute.
 */
import { useCallback, useSyncExternalStore } from 'react';

export type Route =
  | { view: 'library' }
  | { view: 'scan' }
  | { view: 'track'; id: number; tab: TrackTab }
  | { view: 'model' }
  | { view: 'tags' }
  | { view: 'settings' };

export type TrackTab = 'overview' | 'report';

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  switch (parts[0]) {
    case 'scan':
      return { view: 'scan' };
    case 'model':
      return { view: 'model' };
    case 'tags':
      return { view: 'tags' };
    case 'settings':
      return { view: 'settings' };
    case 'track': {
      const id = Number(parts[1]);
      if (Number.isInteger(id) && id >= 0) return { view: 'track', id, tab: parts[2] === 'report' ? 'report' : 'overview' };
      return { view: 'library' };
    }
    default:
      return { view: 'library' };
  }
}

export function routeHash(route: Route): string {
  if (route.view === 'track') return `#/track/${route.id}${route.tab === 'report' ? '/report' : ''}`;
  return `#/${route.view}`;
}

function subscribe(notify: () => void): () => void {
  window.addEventListener('hashchange', notify);
  return () => window.removeEventListener('hashchange', notify);
}

export function useRoute(): [Route, (route: Route) => void] {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const navigate = useCallback((route: Route) => {
    window.location.hash = routeHash(route);
  }, []);
  return [parseRoute(hash), navigate];
}
