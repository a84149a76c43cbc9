/** The small charts of the panel: the incumbent and the bound over time (the gap closing is what a planner watches), and the disruption frontier. */
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

/** A frontier point on the chart: a row of the table, or a point so far (index -1 until the table). */
export interface FrontierDot { readonly index: number; readonly moves: number; readonly travel: number; readonly dominated: boolean }

/**
 * The disruption frontier: accounts moved on x, travel on y, one dot per point with a plan, the
 * points on the frontier joined by a line (the trade-off a planner chooses along) and the dominated
 * ones hollow, off the line. Dots carry data-index so the caller can open a point on click.
 */
export function drawFrontier(svg: SVGSVGElement, dots: readonly FrontierDot[], chosen: number | null = null): void {
  svg.replaceChildren();
  svg.dataset.points = String(dots.length);
  if (dots.length === 0) return;
  const [W, H, P] = [300, 120, 12];
  const xs = dots.map((d) => d.moves);
  const ys = dots.map((d) => d.travel);
  const span = (lo: number, hi: number) => (hi - lo < 1e-9 ? [lo - 1, hi + 1] : [lo, hi]) as [number, number];
  const [x0, x1] = span(Math.min(...xs), Math.max(...xs));
  const [y0, y1] = span(Math.min(...ys), Math.max(...ys));
  const x = (v: number) => P + ((W - 2 * P) * (v - x0)) / (x1 - x0);
  const y = (v: number) => H - P - ((H - 2 * P) * (v - y0)) / (y1 - y0);
  const onFront = dots.filter((d) => !d.dominated).sort((a, b) => a.moves - b.moves);
  if (onFront.length > 1) {
    const line = document.createElementNS(NS, 'polyline');
    line.setAttribute('points', onFront.map((d) => `${x(d.moves).toFixed(1)},${y(d.travel).toFixed(1)}`).join(' '));
    line.setAttribute('class', 'front');
    svg.append(line);
  }
  // Top right for the travel label: the frontier falls from the top left, so that corner is free.
  for (const [text, tx, ty, anchor] of [['moves →', W - P, H - 1, 'end'], ['travel ↑', W - 2, 9, 'end']] as const) {
    const label = document.createElementNS(NS, 'text');
    label.setAttribute('x', String(tx));
    label.setAttribute('y', String(ty));
    label.setAttribute('text-anchor', anchor);
    label.setAttribute('class', 'axis');
    label.textContent = text;
    svg.append(label);
  }
  for (const d of dots) {
    const dot = document.createElementNS(NS, 'circle');
    dot.setAttribute('cx', x(d.moves).toFixed(1));
    dot.setAttribute('cy', y(d.travel).toFixed(1));
    dot.setAttribute('r', d.index === chosen ? '6' : '4.5');
    dot.setAttribute('class', `point${d.dominated ? ' dominated' : ''}${d.index === chosen ? ' chosen' : ''}`);
    dot.dataset.index = String(d.index);
    const title = document.createElementNS(NS, 'title');
    title.textContent = `${d.moves} moves, travel ${Math.round(d.travel)}${d.dominated ? ' (dominated)' : ''}`;
    dot.append(title);
    svg.append(dot);
  }
}
