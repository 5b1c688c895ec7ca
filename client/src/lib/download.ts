const SVG_NS = 'http://www.w3.org/2000/svg';

/** Hands a Blob to the browser as a file download: an object URL on a temporary `<a download>`, clicked. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: some browsers read the URL only after click() has returned.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The `<svg>` as a standalone file: namespaced, sized, and without the page's interaction attributes. Everything it
 * needs to look right (fills, fonts, patterns) must be an attribute, since the page's stylesheets do not travel with it.
 */
export function serializeSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', SVG_NS);
  for (const element of [copy, ...copy.querySelectorAll('*')]) {
    for (const name of element.getAttributeNames()) {
      if (name === 'tabindex' || name === 'role' || name === 'class' || name.startsWith('aria-') || name.startsWith('data-')) {
        element.removeAttribute(name);
      }
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

export function saveSvg(svg: SVGSVGElement, fileName: string): void {
  saveBlob(new Blob([serializeSvg(svg)], { type: 'image/svg+xml' }), fileName);
}

/**
 * Renders the `<svg>` to a PNG at `scale` times its size on a white background. The image is loaded from a data: URL,
 * not a blob: URL, because the page's Content-Security-Policy allows only `img-src 'self' data:`.
 */
export async function saveSvgAsPng(svg: SVGSVGElement, fileName: string, scale = 2): Promise<void> {
  const width = svg.width.baseVal.value;
  const height = svg.height.baseVal.value;
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(serializeSvg(svg))}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('This browser cannot draw on a canvas');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (blob === null) throw new Error('The image could not be encoded as PNG');
  saveBlob(blob, fileName);
}
