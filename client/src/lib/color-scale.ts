/** Maps a number to a CSS colour (`#rrggbb`). */
export type ColorScale = (value: number) => string;

type Triple = [number, number, number];

/** Hand-picked stops of viridis (van der Walt & Smith, 2015): perceptually even, readable with colour blindness. */
export const SEQUENTIAL_COLORS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'] as const;

/** Blue (below) – near-white (zero) – red (above), from ColorBrewer RdBu; the middle stop is the centre of the domain. */
export const DIVERGING_COLORS = ['#2166ac', '#92c5de', '#f7f7f7', '#f4a582', '#b2182b'] as const;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

function hexToRgb(hex: string): Triple {
  const n = Number.parseInt(hex.slice(1), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

function rgbToHex(rgb: Triple): string {
  return `#${rgb.map((c) => Math.round(clamp01(c) * 255).toString(16).padStart(2, '0')).join('')}`;
}

/** sRGB transfer function and its inverse (IEC 61966-2-1). */
const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const fromLinear = (c: number) => (c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055);

/** sRGB → OKLab (Björn Ottosson, 2020), a space where straight lines look like even steps. */
function rgbToOklab([r, g, b]: Triple): Triple {
  const [lr, lg, lb] = [toLinear(r), toLinear(g), toLinear(b)];
  const l = Math.cbrt(0.4122214708 * lr + 0.5363325363 * lg + 0.0514459929 * lb);
  const m = Math.cbrt(0.2119034982 * lr + 0.6806995451 * lg + 0.1073969566 * lb);
  const s = Math.cbrt(0.0883024619 * lr + 0.2817188376 * lg + 0.6299787005 * lb);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

function oklabToRgb([L, a, b]: Triple): Triple {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    fromLinear(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s),
    fromLinear(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s),
    fromLinear(-0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s),
  ];
}

/**
 * Evenly spaced colour stops over `[min, max]`, interpolated in OKLab; values outside the domain get the end colours.
 * With an odd number of stops and a domain symmetric around 0, the middle stop sits at 0 (a diverging scale).
 */
export function colorScale(stops: readonly string[], [min, max]: readonly [number, number]): ColorScale {
  const lab = stops.map((stop) => rgbToOklab(hexToRgb(stop)));
  const last = lab.length - 1;
  return (value) => {
    const position = clamp01(max === min ? 0.5 : (value - min) / (max - min)) * last;
    const i = Math.min(last - 1, Math.floor(position));
    const from = lab[i];
    const to = lab[i + 1];
    if (from === undefined || to === undefined) return stops[0] ?? '#808080';
    const mix = (p: number, q: number) => p + (q - p) * (position - i);
    return rgbToHex(oklabToRgb([mix(from[0], to[0]), mix(from[1], to[1]), mix(from[2], to[2])]));
  };
}

/** WCAG 2 relative luminance. */
function luminance(hex: string): number {
  const [r, g, b] = hexToRgb(hex);
  return 0.2126 * toLinear(r) + 0.7152 * toLinear(g) + 0.0722 * toLinear(b);
}

/** Near-black or white, whichever contrasts more with the background (WCAG contrast ratio). */
export function textColorOn(background: string): string {
  const y = luminance(background);
  const black = (y + 0.05) / (luminance('#1c1c1e') + 0.05);
  const white = 1.05 / (y + 0.05);
  return black >= white ? '#1c1c1e' : '#ffffff';
}
