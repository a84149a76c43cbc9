/** Numbers as a sales leader reads them. */
const n0 = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const n1 = new Intl.NumberFormat('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export const int = (x: number) => n0.format(x);
export const one = (x: number) => n1.format(x);
export const pct = (x: number) => `${n1.format(x * 100)}%`;
export const hours = (x: number) => `${n0.format(x)} h`;
export const km = (x: number) => `${n0.format(x)} km`;
export const money = (x: number) => (Math.abs(x) >= 1e6 ? `${n1.format(x / 1e6)} M` : Math.abs(x) >= 1e3 ? `${n0.format(x / 1e3)} k` : n0.format(x));
export const signed = (x: number, f: (v: number) => string) => (x > 0 ? `+${f(x)}` : x < 0 ? `−${f(-x)}` : '±0');

/** A small DOM builder: el('td', { class: 'x' }, 'text', child). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** Distinct colours for reps, stable by index (golden-angle hues). */
export function repColor(index: number): string {
  return `hsl(${Math.round((index * 137.508) % 360)}, 65%, 45%)`;
}
