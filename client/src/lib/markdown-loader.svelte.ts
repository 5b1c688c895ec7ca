import type { renderMarkdown } from './markdown.js';

type RenderMarkdown = typeof renderMarkdown;

/*
 * The Markdown pipeline (marked, KaTeX, highlight.js, DOMPurify) is most of the client's weight, so it is its own chunk,
 * fetched once, in parallel with the first API call; pages that show no Markdown never load it.
 */
let render = $state.raw<RenderMarkdown | null>(null);
let pending: Promise<void> | null = null;

export function loadMarkdown(): Promise<void> {
  pending ??= import('./markdown.js').then(
    (module) => {
      render = module.renderMarkdown;
    },
    (error: unknown) => {
      pending = null;
      throw error;
    },
  );
  return pending;
}

/** The renderer once loaded; reading it in a template or `$derived` re-runs that when it arrives. */
export function markdownRenderer(): RenderMarkdown | null {
  return render;
}
