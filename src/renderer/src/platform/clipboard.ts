/** Browser clipboard, used when the host cannot copy for us (serve answers copyText with UNAVAILABLE). */
export async function copyInBrowser(text: string): Promise<void> {
  if (!navigator.clipboard) throw new Error('This browser does not allow copying here (needs https or localhost).');
  await navigator.clipboard.writeText(text);
}
