import DOMPurify, { type Config } from 'dompurify';
import { escapeHtml } from './escape-html.js';

/**
 * The last step for untrusted Markdown: whatever marked, KaTeX or highlight.js produced, only this HTML reaches the
 * page. DOMPurify already drops scripts, event handlers and javascript: URLs; on top of that nothing may load at all
 * (no image, frame, media, font or stylesheet, from any origin) or submit anything, and links open in a new tab without
 * leaking the page.
 */

const FORBID_TAGS = [
  'script', 'style', 'link', 'meta', 'base', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form',
  'input', 'button', 'textarea', 'select', 'option', 'audio', 'video', 'source', 'track', 'picture', 'portal',
  'image', 'feimage', 'feImage', 'use', 'template', 'dialog',
];
const FORBID_ATTR = ['srcset', 'action', 'formaction', 'ping', 'background', 'poster', 'autofocus', 'xlink:href'];
/** http(s), mailto, fragments and same-site paths; everything with another scheme (javascript:, data:, vbscript:, …) fails. */
const ALLOWED_URI_REGEXP = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;
/** KaTeX sets inline sizes and colours; a style that could fetch something is dropped whole. */
const UNSAFE_STYLE = /url\s*\(|image-set|@import|expression\s*\(|behavior\s*:|-moz-binding/i;

const CONFIG: Config = {
  FORBID_TAGS,
  // DOMPurify drops MathML <semantics>/<annotation> but would keep the annotation's TeX source as stray text.
  ADD_FORBID_CONTENTS: ['annotation', 'annotation-xml'],
  FORBID_ATTR,
  ALLOWED_URI_REGEXP,
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
};

const BLOCKED_IMAGE_CLASS = 'md-image-blocked';

/**
 * An image in content, shown as its alt text instead. The arena serves no images of its own, so every image src is a
 * request the content's author chose: another origin would learn who reads what, and this one would be sent a GET with
 * the rater's cookies (`/api/next` serves the rater a new item; `/api/research/…` can cost the server seconds).
 */
export function blockedImageHtml(src: string, alt: string): string {
  return `<span class="${BLOCKED_IMAGE_CLASS}" title="${escapeHtml(src)}">[${escapeHtml(alt || 'image')}]</span>`;
}

/** The same as blockedImageHtml, in place of an <img> element that reached the sanitizer. */
function replaceImage(image: Element): void {
  const span = image.ownerDocument.createElement('span');
  span.className = BLOCKED_IMAGE_CLASS;
  const src = image.getAttribute('src');
  if (src !== null) span.title = src;
  span.textContent = `[${image.getAttribute('alt') || 'image'}]`;
  image.replaceWith(span);
}

function createPurifier(): ReturnType<typeof DOMPurify> | null {
  if (typeof window === 'undefined') return null;
  const purifier = DOMPurify(window);
  if (!purifier.isSupported) return null;
  purifier.addHook('afterSanitizeAttributes', (node) => {
    const tag = node.tagName.toLowerCase();
    if (tag === 'img') {
      replaceImage(node);
      return;
    }
    if (tag === 'a' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    } else if (tag !== 'a') {
      node.removeAttribute('href');
      node.removeAttribute('target');
    }
    const style = node.getAttribute('style');
    if (style !== null && UNSAFE_STYLE.test(style)) node.removeAttribute('style');
  });
  return purifier;
}

const purifier = createPurifier();

/** Sanitized HTML, or `null` where no DOM is available to sanitize with (then show nothing rather than unsafe HTML). */
export function sanitizeHtml(html: string): string | null {
  if (purifier === null) return null;
  return purifier.sanitize(html, CONFIG);
}
