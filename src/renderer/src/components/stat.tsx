/** A big number with its label underneath (scan progress, model card). */
export function Stat({ k, v, testId }: { k: string; v: string; testId: string }) {
  return (
    <div className="stat">
      <div className="v" data-testid={testId}>
        {v}
      </div>
      <div className="k">{k}</div>
    </div>
  );
}
