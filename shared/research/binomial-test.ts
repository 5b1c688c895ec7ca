/** ln Γ(x) by the Lanczos approximation (g = 7, n = 9; Numerical Recipes §6.1), accurate to ~1e-15 for x > 0. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln P(X = k) for X ~ Binomial(n, p). */
function logBinomialPmf(k: number, n: number, p: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p);
}

/**
 * Exact two-sided binomial test: the probability, under X ~ Binomial(n, p), of an outcome no more likely than the
 * observed k (the "minimum likelihood" method R's binom.test uses). 1 when n = 0.
 */
export function binomialTestTwoSided(k: number, n: number, p = 0.5): number {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || k > n) throw new RangeError(`need 0 ≤ k ≤ n, got k=${k}, n=${n}`);
  if (n === 0) return 1;
  const observed = logBinomialPmf(k, n, p);
  // Relative tolerance as in R, so outcomes equally likely as the observed one are counted despite rounding.
  const threshold = observed + Math.log1p(1e-7);
  let total = 0;
  for (let i = 0; i <= n; i++) {
    const logP = logBinomialPmf(i, n, p);
    if (logP <= threshold) total += Math.exp(logP);
  }
  return Math.min(1, total);
}
