import { Marked, type RendererObject } from 'marked';
import { escapeHtml } from './escape-html.js';
import { highlightCodeBlock } from './highlight.js';
import { mathExtension } from './math-extension.js';
import { blockedImageHtml, sanitizeHtml } from './sanitize.js';

/**
 * Untrusted Markdown (questions and model answers) to safe HTML: marked with GitHub-flavoured Markdown, code
 * highlighted, TeX typeset by KaTeX, then everything sanitized. Raw HTML in the source is shown as text: an answer
 * that writes `<b>` is judged on what it wrote; an image is shown as its alt text and never loads. The result is the
 * only thing that may be passed to {@html}.
 */

const renderer: RendererObject = {
  // Page and answer headings own h1 and h2, so a Markdown "#" starts at h3.
  heading({ tokens, depth }) {
    const level = Math.min(depth + 2, 6);
    return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
  },
  html({ text }) {
    return escapeHtml(text);
  },
  code({ text, lang }) {
    return `${highlightCodeBlock(text, lang)}\n`;
  },
  image({ href, text }) {
    return blockedImageHtml(href, text);
  },
  checkbox({ checked }) {
    return `<span class="md-task">${checked ? '☑' : '☐'}</span> `;
  },
};

// `breaks`: answers are often poems, addresses or steps written line by line, and must read as the model wrote them.
const markdown = new Marked({ gfm: true, breaks: true, async: false }, mathExtension, { renderer });

/** marked's HTML before sanitizing, for tests of what the renderer emits: never pass it to {@html}; renderMarkdown's result only. */
export function markdownToUnsanitizedHtml(source: string): string {
  try {
    return markdown.parse(source, { async: false });
  } catch {
    return `<pre>${escapeHtml(source)}</pre>`;
  }
}

export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdownToUnsanitizedHtml(source)) ?? escapeHtml(source);
}
