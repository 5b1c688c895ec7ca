import type { LoggedVote } from './elo.js';
import { comparisonComponents, countPairs, type PairCounts } from './pair-counts.js';

/**
 * Maximum-likelihood Bradley–Terry ratings (Bradley & Terry 1952) on the Elo scale, the "MLE Elo" of Chatbot Arena
 * (Chiang et al. 2024, lm-sys/FastChat elo_analysis.py):
 *   P(i beats j) = 1 / (1 + 10^((R_j − R_i)/400)) = σ(θ_i − θ_j),  R = θ · 400/ln 10,
 * with a tie counted as half a win and half a loss for each side (as FastChat does by counting it once each way).
 */

/** Elo points per natural unit of strength θ: 400 / ln 10 ≈ 173.72. */
export const ELO_POINTS_PER_NAT = 400 / Math.LN10;
export const BRADLEY_TERRY_CENTRE = 1000;
/**
 * λ of the L2 penalty λ/2 · Σθ² (a Gaussian prior N(0, 1/λ) on each θ, in natural units). It only matters where the
 * likelihood has no maximum: some group of models never lost to the rest of its component (Ford 1957), most often a
 * single model that never lost or never won, whose θ would otherwise run off to ±∞; with
 * λ = 1e-9 such a model ends up a few thousand points from the others (large but finite) while the differences between
 * the other ratings move by about 1e-7 points (a 3:1 pair: 127·λ points); the centre is taken without it (see
 * `centringGroups`), so their ratings do not move either. Virtual games against a reference model would do the same,
 * but would pull every model with few votes towards the centre by a visible amount.
 */
export const BRADLEY_TERRY_REGULARIZATION = 1e-9;

export interface BradleyTerryOptions {
  /**
   * This model is rated exactly 1000 and the others relative to it; by default the mean rating of the models the
   * data rate relative to each other (see `centringGroups`) is 1000.
   */
  anchor?: string;
  /** λ ≥ 0 (see BRADLEY_TERRY_REGULARIZATION); 0 is the plain MLE, which does not exist for an undefeated model. */
  regularization?: number;
  /** Stop when no rating moves by more than this many Elo points in one Newton step; default 1e-8. */
  tolerance?: number;
  /** Default 100; Newton needs about 5 on ordinary logs and 25–30 when a model never lost. */
  maxIterations?: number;
}

export interface BradleyTerryRating {
  model: string;
  rating: number;
  votes: number;
}

export interface StrengthFit {
  /** θ per model of `counts.models`, natural units, mean 0 within every component of the comparison graph. */
  strengths: Float64Array;
  iterations: number;
  converged: boolean;
}

/**
 * Bradley–Terry ratings of every model in the log, best first (ties by name). The fit depends on the log only through
 * its counts per pair, so the order of the votes does not matter.
 *
 * Disconnected comparison graph: no vote relates one group of models to another, so each group is centred on its
 * own (mean rating 1000 over its centring group, without an anchor); with an anchor the whole result is shifted so the
 * anchor is 1000, which makes ratings comparable only within the anchor's group. `comparisonComponents` tells the groups.
 */
export function fitBradleyTerry(votes: Iterable<LoggedVote>, options: BradleyTerryOptions = {}): BradleyTerryRating[] {
  return fitBradleyTerryCounts(countPairs(votes), options);
}

/** fitBradleyTerry on a log already counted per pair; models with no votes in `counts` are left out. */
export function fitBradleyTerryCounts(counts: PairCounts, options: BradleyTerryOptions = {}): BradleyTerryRating[] {
  const anchorIndex = options.anchor === undefined ? undefined : counts.index.get(options.anchor);
  if (options.anchor !== undefined && (anchorIndex === undefined || counts.votes[anchorIndex] === 0)) {
    throw new RangeError(`anchor model "${options.anchor}" has no votes in the log`);
  }
  const { strengths } = fitStrengths(counts, options);
  const rated = counts.models.map((_, i) => i).filter((i) => counts.votes[i]! > 0);
  const shift = new Float64Array(counts.models.length);
  if (anchorIndex !== undefined) shift.fill(strengths[anchorIndex]!);
  else {
    for (const group of centringGroups(counts)) {
      const mean = group.centre.reduce((s, i) => s + strengths[i]!, 0) / group.centre.length;
      for (const i of group.members) shift[i] = mean;
    }
  }
  return rated
    .map((i) => ({
      model: counts.models[i]!,
      rating: BRADLEY_TERRY_CENTRE + (strengths[i]! - shift[i]!) * ELO_POINTS_PER_NAT,
      votes: counts.votes[i]!,
    }))
    .sort((a, b) => b.rating - a.rating || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
}

/**
 * Per comparison component, the models its centre is the mean of: the largest set in which each model scored against
 * each other one, directly or along a chain, both ways (a strongly connected set of the graph i → j when i won or tied
 * against j). Within it the data fix the ratings relative to each other (Ford 1957). A model that never lost or never
 * won lies outside: the prior alone sets its rating, thousands of points away, and taking it into the mean would move
 * every other rating by that distance over the number of models, differently in each bootstrap resample. Ties in
 * size go to the set with more votes, then to the first model. The whole component if no such set has two models.
 */
export function centringGroups(counts: PairCounts): { members: number[]; centre: number[] }[] {
  const m = counts.models.length;
  const w = scoreTable(counts);
  return comparisonComponents(counts).map((members) => {
    const votesOf = (set: number[]) => set.reduce((s, i) => s + counts.votes[i]!, 0);
    const [centre] = stronglyConnectedSets(members, (i, j) => w[i * m + j]! > 0).sort(
      (a, b) => b.length - a.length || votesOf(b) - votesOf(a) || a[0]! - b[0]!,
    );
    return { members, centre: centre !== undefined && centre.length > 1 ? centre : members };
  });
}

/** The strongly connected sets of a directed graph on `nodes` (Kosaraju: finish order, then the reversed graph). */
function stronglyConnectedSets(nodes: readonly number[], edge: (from: number, to: number) => boolean): number[][] {
  const finished: number[] = [];
  const seen = new Set<number>();
  const visit = (start: number, forward: boolean, out: number[]) => {
    // Iterative depth-first search; a node is output once all it reaches is done.
    const stack: [number, number][] = [[start, 0]];
    seen.add(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [node, next] = top;
      if (next < nodes.length) {
        top[1]++;
        const other = nodes[next]!;
        if (!seen.has(other) && (forward ? edge(node, other) : edge(other, node))) {
          seen.add(other);
          stack.push([other, 0]);
        }
      } else {
        stack.pop();
        out.push(node);
      }
    }
  };
  for (const node of nodes) if (!seen.has(node)) visit(node, true, finished);
  seen.clear();
  const sets: number[][] = [];
  for (const node of finished.reverse()) {
    if (seen.has(node)) continue;
    const set: number[] = [];
    visit(node, false, set);
    sets.push(set.sort((a, b) => a - b));
  }
  return sets;
}

/** σ(x) = 1/(1+e^−x), without overflow for large |x|. */
function logistic(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** ln σ(x), without overflow or cancellation for large |x|. */
function logLogistic(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

/** Weighted wins w_ij = wins + ties/2 as an m×m array. */
function scoreTable(counts: PairCounts): Float64Array {
  return counts.wins.map((w, k) => w + counts.ties[k]! / 2);
}

/** Penalized log-likelihood Σ_ij w_ij ln σ(θ_i − θ_j) − λ/2 Σθ². */
function objective(w: Float64Array, theta: Float64Array, lambda: number): number {
  const m = theta.length;
  let f = 0;
  for (let i = 0; i < m; i++) {
    f -= (lambda / 2) * theta[i]! ** 2;
    for (let j = 0; j < m; j++) if (w[i * m + j]! > 0) f += w[i * m + j]! * logLogistic(theta[i]! - theta[j]!);
  }
  return f;
}

/**
 * Newton–Raphson on the penalized log-likelihood with a backtracking (Armijo) line search, which is monotone and
 * converges quadratically near the optimum (the objective is concave). The likelihood does not change when a
 * component's θ all shift together; adding 1/|C| on that component's block of the Hessian fixes that direction
 * without changing the step (the gradient is orthogonal to it once θ is centred), so λ may be 0 and a tiny λ does
 * not make the linear system ill-conditioned.
 */
export function fitStrengths(counts: PairCounts, options: BradleyTerryOptions = {}): StrengthFit {
  const lambda = options.regularization ?? BRADLEY_TERRY_REGULARIZATION;
  const tolerance = (options.tolerance ?? 1e-8) / ELO_POINTS_PER_NAT;
  const maxIterations = options.maxIterations ?? 100;
  if (!(lambda >= 0 && Number.isFinite(lambda))) throw new RangeError(`regularization must be ≥ 0, got ${lambda}`);
  if (!(tolerance > 0)) throw new RangeError(`tolerance must be > 0, got ${options.tolerance}`);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new RangeError(`maxIterations must be ≥ 1`);

  const m = counts.models.length;
  const w = scoreTable(counts);
  const components = comparisonComponents(counts);
  let theta: Float64Array = new Float64Array(m);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const gradient = new Float64Array(m);
    const hessian = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      gradient[i] = -lambda * theta[i]!;
      hessian[i * m + i] = lambda;
    }
    for (let i = 0; i < m; i++) {
      for (let j = i + 1; j < m; j++) {
        const n = w[i * m + j]! + w[j * m + i]!;
        if (n === 0) continue;
        const p = logistic(theta[i]! - theta[j]!);
        const q = logistic(theta[j]! - theta[i]!);
        // w_ij − n·p written as w_ij·q − w_ji·p: no cancellation when p is within 1e-12 of 1 (an undefeated model).
        gradient[i]! += w[i * m + j]! * q - w[j * m + i]! * p;
        gradient[j]! += w[j * m + i]! * p - w[i * m + j]! * q;
        const h = n * p * q;
        hessian[i * m + i]! += h;
        hessian[j * m + j]! += h;
        hessian[i * m + j]! -= h;
        hessian[j * m + i]! -= h;
      }
    }
    for (const component of components) {
      for (const i of component) for (const j of component) hessian[i * m + j]! += 1 / component.length;
    }
    const step = solvePositiveDefinite(hessian, gradient, m);
    const slope = step.reduce((s, d, i) => s + d * gradient[i]!, 0);
    const before = objective(w, theta, lambda);
    let t = 1;
    let next = centred(theta.map((x, i) => x + step[i]!), components);
    while (objective(w, next, lambda) < before + 1e-4 * t * slope) {
      t /= 2;
      // No ascent left at this precision: θ is as good as floating point can tell.
      if (t < 1e-9) return { strengths: theta, iterations: iteration, converged: true };
      next = centred(theta.map((x, i) => x + t * step[i]!), components);
    }
    const moved = next.reduce((max, x, i) => Math.max(max, Math.abs(x - theta[i]!)), 0);
    theta = next;
    if (moved < tolerance) return { strengths: theta, iterations: iteration, converged: true };
  }
  return { strengths: theta, iterations: maxIterations, converged: false };
}

/** Shifts every component to mean θ 0: the likelihood is unchanged and the penalty can only drop. */
function centred(theta: Float64Array, components: number[][]): Float64Array {
  for (const component of components) {
    const mean = component.reduce((s, i) => s + theta[i]!, 0) / component.length;
    for (const i of component) theta[i]! -= mean;
  }
  return theta;
}

/** Solves A x = b for a symmetric positive definite m×m A (row-major) by Cholesky decomposition A = L Lᵀ. */
function solvePositiveDefinite(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const l = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * m + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * m + k]! * l[j * m + k]!;
      l[i * m + j] = i === j ? Math.sqrt(Math.max(sum, Number.MIN_VALUE)) : sum / l[j * m + j]!;
    }
  }
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * m + k]! * y[k]!;
    y[i] = sum / l[i * m + i]!;
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < m; k++) sum -= l[k * m + i]! * x[k]!;
    x[i] = sum / l[i * m + i]!;
  }
  return x;
}
