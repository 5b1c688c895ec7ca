import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { markdownToUnsanitizedHtml } from '../../client/src/lib/markdown.js';
import { blockedImageHtml } from '../../client/src/lib/sanitize.js';

/*
 * Node has no DOM, so DOMPurify cannot run here: these tests check what the Markdown renderer emits before the
 * sanitizer; test/e2e/content-requests.spec.ts runs the whole pipeline, sanitizer included, in Chromium.
 */

describe('images in Markdown content', () => {
  // As in the browser, where the page has an origin that "/api/next" and "img.png" resolve to.
  beforeEach(() => {
    vi.stubGlobal('location', new URL('http://127.0.0.1:3000/'));
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('renders an image of this origin ("![](/api/next?1)") as inert alt text, not as an <img>', () => {
    const html = markdownToUnsanitizedHtml('![](/api/next?1)');
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('<span class="md-image-blocked" title="/api/next?1">[image]</span>');
  });

  it('renders a relative image ("![x](img.png)") as its alt text', () => {
    const html = markdownToUnsanitizedHtml('![x](img.png)');
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('[x]');
  });

  it('renders a remote image, a reference-style image and an image inside a link as alt text', () => {
    const html = markdownToUnsanitizedHtml(
      '![remote](https://example.invalid/t.png) ![ref][logo] [![linked](/api/me)](https://example.org/)\n\n[logo]: /api/research/ratings?rounds=10000',
    );
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('[remote]');
    expect(html).toContain('[ref]');
    expect(html).toContain('[linked]');
  });

  it('shows raw <img> HTML as text, and TeX that asks for a picture as no image', () => {
    const html = markdownToUnsanitizedHtml('<img src="/api/next?2"> and $\\includegraphics{/api/next?3}$');
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src=&quot;/api/next?2&quot;&gt;');
  });
});

describe('blockedImageHtml', () => {
  it('escapes the alt text and the address it shows as a title', () => {
    expect(blockedImageHtml('/x?a="b"&c', '<b>')).toBe(
      '<span class="md-image-blocked" title="/x?a=&quot;b&quot;&amp;c">[&lt;b&gt;]</span>',
    );
  });

  it('calls an image without alt text "image"', () => {
    expect(blockedImageHtml('/a.png', '')).toContain('>[image]<');
  });
});
