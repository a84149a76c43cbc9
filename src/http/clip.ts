/** Request text echoed in an error's detail (a header, a path) is cut, so an answer stays small. */
export function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
