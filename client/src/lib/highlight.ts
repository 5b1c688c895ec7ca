import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import { escapeHtml } from './escape-html.js';

// The core plus the languages answers use most keeps the bundle small; anything else is shown as plain text.
const LANGUAGES = { bash, c, cpp, go, java, javascript, json, python, rust, sql, typescript };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);

/**
 * A fenced code block as HTML. `info` is the fence's info string ("python", "py title=x" …); its first word picks the
 * language, aliases included (py, js, ts, sh …). highlight.js escapes the code it highlights; we escape the rest.
 */
export function highlightCodeBlock(code: string, info: string | undefined): string {
  const requested = (info ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const language = requested === '' ? undefined : hljs.getLanguage(requested);
  if (language === undefined) return `<pre><code>${escapeHtml(code)}</code></pre>`;
  const { value } = hljs.highlight(code, { language: requested, ignoreIllegals: true });
  const className = requested.replace(/[^a-z0-9_+#-]/g, '');
  return `<pre><code class="hljs language-${className}">${value}</code></pre>`;
}
