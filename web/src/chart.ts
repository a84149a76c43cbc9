/** The incumbent and the bound over time, as two SVG polylines: the gap closing is what a planner watches. */
export interface Sample { readonly t: number; readonly incumbent: number | null; readonly bound: number | null }

const NS = 'http://www.w3.org/2000/svg';

export function drawProgress(svg: SVGSVGElement, samples: readonly Sample[]): void {
  svg.replaceChildren();
  const values = samples.flatMap((s) => [s.incumbent, s.bound]).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return;
  const [W, H, P] = [300, 80, 4];
  const tMax = Math.max(0.001, ...samples.map((s) => s.t));
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
  const x = (t: number) => P + ((W - 2 * P) * t) / tMax;
  const y = (v: number) => H - P - ((H - 2 * P) * (v - lo)) / (hi - lo);
  for (const [key, cls] of [['incumbent', 'incumbent'], ['bound', 'bound']] as const) {
    const pts = samples.filter((s) => s[key] !== null).map((s) => `${x(s.t).toFixed(1)},${y(s[key]!).toFixed(1)}`);
    if (pts.length === 0) continue;
    const line = document.createElementNS(NS, 'polyline');
    line.setAttribute('points', pts.length === 1 ? `${pts[0]} ${pts[0]}` : pts.join(' '));
    line.setAttribute('class', cls);
    svg.append(line);
  }
  svg.dataset.samples = String(samples.length);
}
