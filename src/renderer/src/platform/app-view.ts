/**
 * Which page the renderer shows, chosen by the page URL's query (not the hash routes, which belong to
 * the full app): `?view=classify` is the compact classify-result window that the desktop app opens
 * when the OS hands it files while its main window is closed (src/main/window.ts loads it so). The
 * same query works in a browser against `genrescope serve` (`/?token=…&view=classify`).
 */

export type AppView = 'app' | 'classify';

const VIEW_PARAM = 'view';

export function appViewOf(search: string): AppView {
  return new URLSearchParams(search).get(VIEW_PARAM) === 'classify' ? 'classify' : 'app';
}

/** The query without `view` (other parameters, such as serve's token, stay); '' when none are left. */
export function searchWithoutView(search: string): string {
  const params = new URLSearchParams(search);
  params.delete(VIEW_PARAM);
  const rest = params.toString();
  return rest ? `?${rest}` : '';
}

export function currentAppView(): AppView {
  return appViewOf(window.location.search);
}

/**
 * Leaves the compact view for the whole app: the page is loaded again without `view`. In the desktop
 * app, main sees the result window navigate away from `?view=classify`, opens (or brings forward) the
 * main window and closes the small one; in a browser the tab shows the full app.
 */
export function openFullApp(): void {
  window.location.search = searchWithoutView(window.location.search);
}
