import katex from 'katex';
import type { MarkedExtension, Tokens } from 'marked';
import { escapeHtml } from './escape-html.js';

/**
 * A marked extension for TeX math: `$…$` and `\(…\)` inline, `$$…$$` and `\[…\]` displayed (on lines of their own, or
 * inside a paragraph). Inline `$…$` follows the usual Pandoc rule so prices do not turn into math: no space right after
 * the opening or right before the closing dollar, and no digit right after the closing one ("$5 and $10" stays text).
 */

interface MathToken extends Tokens.Generic {
  type: 'blockMath' | 'inlineMath';
  raw: string;
  tex: string;
  display: boolean;
}

const BLOCK_RULES: RegExp[] = [/^ {0,3}\$\$([\s\S]+?)\$\$[ \t]*(?:\n+|$)/, /^ {0,3}\\\[([\s\S]+?)\\\][ \t]*(?:\n+|$)/];
const BLOCK_START = /^ {0,3}(?:\$\$|\\\[)/m;

const INLINE_RULES: { rule: RegExp; display: boolean }[] = [
  { rule: /^\$\$([\s\S]+?)\$\$/, display: true },
  { rule: /^\\\[([\s\S]+?)\\\]/, display: true },
  { rule: /^\\\(([\s\S]+?)\\\)/, display: false },
  { rule: /^\$(?![\s$])((?:\\[\s\S]|[^\\$\n])+?)(?<!\s)\$(?!\d)/, display: false },
];
const INLINE_START = /\$|\\[([]/;

function mathToken(type: MathToken['type'], match: RegExpExecArray | null, display: boolean): MathToken | undefined {
  const tex = match?.[1]?.trim();
  if (match === null || tex === undefined || tex === '') return undefined;
  return { type, raw: match[0], tex, display };
}

/** KaTeX errors render in place (throwOnError false); anything else falls back to the source as code. */
export function renderTex(tex: string, display: boolean): string {
  try {
    return katex.renderToString(tex, {
      displayMode: display,
      output: 'htmlAndMathml',
      throwOnError: false,
      // Untrusted input: \href, \url, \includegraphics, \htmlClass … render as inert text.
      trust: false,
      strict: 'ignore',
      maxSize: 50,
      maxExpand: 1000,
    });
  } catch {
    return `<code>${escapeHtml(tex)}</code>`;
  }
}

function renderMathToken(token: Tokens.Generic): string {
  const math = token as MathToken;
  return renderTex(math.tex, math.display);
}

export const mathExtension: MarkedExtension = {
  extensions: [
    {
      name: 'blockMath',
      level: 'block',
      start(src) {
        return BLOCK_START.exec(src)?.index;
      },
      tokenizer(src) {
        for (const rule of BLOCK_RULES) {
          const token = mathToken('blockMath', rule.exec(src), true);
          if (token !== undefined) return token;
        }
        return undefined;
      },
      renderer: renderMathToken,
    },
    {
      name: 'inlineMath',
      level: 'inline',
      start(src) {
        return INLINE_START.exec(src)?.index;
      },
      tokenizer(src) {
        for (const { rule, display } of INLINE_RULES) {
          const token = mathToken('inlineMath', rule.exec(src), display);
          if (token !== undefined) return token;
        }
        return undefined;
      },
      renderer: renderMathToken,
    },
  ],
};
