import { Marked, type RendererObject } from 'marked';
import { escapeHtml } from './escape-html.js';
import { highlightCodeBlock } from './highlight.js';
import { mathExtension } from './math-extension.js';
import { isSameOriginUrl, sanitizeHtml } from './sanitize.js';

/**
 * Untrusted Markdown (questions and model answers) to safe HTML: marked with GitHub-flavoured Markdown, code
 * highlighted, TeX typeset by KaTeX, then everything sanitized. Raw HTML in the source is shown as text: an answer
 * that writes `<b>` is judged on what it wrote. The result is the only thing that may be passed to {@html}.
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
  // Remote images must never load (they would tell a third party who reads what); same-origin ones are harmless.
  image({ href, title, text }) {
    if (!isSameOriginUrl(href)) {
      return `<span class="md-image-blocked" title="${escapeHtml(href)}">[${escapeHtml(text || 'image')}]</span>`;
    }
    const titleAttribute = title ? ` title="${escapeHtml(title)}"` : '';
    return `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}"${titleAttribute}>`;
  },
  checkbox({ checked }) {
    return `<span class="md-task">${checked ? '☑' : '☐'}</span> `;
  },
};

// `breaks`: answers are often poems, addresses or steps written line by line, and must read as the model wrote them.
const markdown = new Marked({ gfm: true, breaks: true, async: false }, mathExtension, { renderer });

export function renderMarkdown(source: string): string {
  let html: string;
  try {
    html = markdown.parse(source, { async: false });
  } catch {
    html = `<pre>${escapeHtml(source)}</pre>`;
  }
  return sanitizeHtml(html) ?? escapeHtml(source);
}
