/**
 * The documentation is self-contained: every relative link in the repository's markdown files
 * (README.md, BENCHMARKS.md, docs/*.md and every other .md outside node_modules) resolves to a file or
 * folder inside the repository, so a clone needs nothing beside it. Links to http(s) and mailto are
 * left alone; a link's #anchor, when it points into a markdown file (or is anchor-only), must name a
 * heading there.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
/** Folders that are not the project's documentation (dependencies, build and run output). */
const SKIP = new Set(['node_modules', '.git', 'var', 'coverage', 'dist', '.tmp']);

interface Link {
  /** Markdown file, relative to the root. */
  readonly file: string;
  readonly line: number;
  readonly target: string;
}

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...markdownFiles(path));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) out.push(path);
  }
  return out.sort();
}

/**
 * The lines of a markdown text with fenced code blocks blanked (line numbers kept) and, unless
 * `keepCode`, inline code spans neutralised.
 */
function prose(text: string, keepCode = false): string[] {
  let fence: string | null = null;
  return text.split(/\r?\n/).map((line) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return '';
    }
    if (marker !== undefined) {
      fence = marker;
      return '';
    }
    // `[x](y)` inside a code span is not a link; a code span as link text still leaves the link.
    return keepCode ? line : line.replace(/(`+)(?:(?!\1).)+?\1/g, 'code');
  });
}

function linksOf(file: string): Link[] {
  const rel = relative(ROOT, file);
  const links: Link[] = [];
  prose(readFileSync(file, 'utf8')).forEach((line, k) => {
    for (const m of line.matchAll(/!?\[[^\]]*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g)) {
      links.push({ file: rel, line: k + 1, target: m[1]!.replace(/^<|>$/g, '') });
    }
    const definition = /^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(line);
    if (definition) links.push({ file: rel, line: k + 1, target: definition[1]!.replace(/^<|>$/g, '') });
  });
  return links;
}

const isExternal = (target: string) => /^(https?:|mailto:)/i.test(target);

/** Where a link points: the absolute path and the anchor (without '#'), or null for the same file. */
function resolveLink(link: Link): { path: string; anchor: string | null } {
  const hash = link.target.indexOf('#');
  const pathPart = hash >= 0 ? link.target.slice(0, hash) : link.target;
  const anchor = hash >= 0 ? link.target.slice(hash + 1) : null;
  let decoded = pathPart;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    // Not percent-encoded after all: use it as written.
  }
  const from = join(ROOT, link.file);
  if (decoded === '') return { path: from, anchor };
  // A leading '/' means the repository root, as on GitHub.
  const path = decoded.startsWith('/') ? join(ROOT, decoded) : resolve(dirname(from), decoded);
  return { path, anchor };
}

function insideRoot(path: string): boolean {
  const rel = relative(ROOT, path);
  return rel === '' || (!isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/** GitHub-style heading anchors of a markdown file (lowercase, punctuation dropped, spaces to '-'). */
function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of prose(readFileSync(file, 'utf8'), true)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '');
    const base = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

const files = markdownFiles(ROOT);
const links = files.flatMap(linksOf);
const local = links.filter((l) => !isExternal(l.target));
const where = (l: Link) => `${l.file}:${l.line}: ${l.target}`;

describe('markdown links', () => {
  it('finds the documentation and its links', () => {
    const names = files.map((f) => relative(ROOT, f).split(sep).join('/'));
    for (const required of ['README.md', 'BENCHMARKS.md', 'docs/api.md', 'docs/architecture.md', 'docs/large-models.md', 'docs/problem-format.md', 'docs/result-format.md']) {
      expect(names).toContain(required);
    }
    expect(local.length).toBeGreaterThan(20);
    expect(local.some((l) => l.file === 'README.md' && l.target === 'docs/architecture.md')).toBe(true);
  });

  it('never link outside the repository', () => {
    const outside = local.filter((l) => !l.target.startsWith('#') && !insideRoot(resolveLink(l).path)).map(where);
    expect(outside).toEqual([]);
  });

  it('link only to files and folders that exist', () => {
    const missing = local
      .filter((l) => !l.target.startsWith('#'))
      .filter((l) => {
        const { path } = resolveLink(l);
        return insideRoot(path) && !existsSync(path);
      })
      .map(where);
    expect(missing).toEqual([]);
  });

  it('name an existing heading when they carry an anchor into a markdown file', () => {
    const cache = new Map<string, Set<string>>();
    const broken = local
      .filter((l) => l.target.includes('#'))
      .filter((l) => {
        const { path, anchor } = resolveLink(l);
        if (anchor === null || anchor === '' || !path.toLowerCase().endsWith('.md') || !insideRoot(path)) return false;
        if (!existsSync(path) || !statSync(path).isFile()) return false;
        const anchors = cache.get(path) ?? anchorsOf(path);
        cache.set(path, anchors);
        return !anchors.has(decodeURIComponent(anchor).toLowerCase());
      })
      .map(where);
    expect(broken).toEqual([]);
  });
});
