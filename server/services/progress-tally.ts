import type { Kysely } from 'kysely';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { OverlapTally } from '../../shared/progress/overlap.js';
import { InstantCounter } from '../../shared/progress/pace.js';
import { RaterDiagnosticsTally } from '../../shared/research/rater-diagnostics.js';
import type { Database } from '../db/database.js';
import {
  existingVoteIds,
  lastVoteId,
  raterProgressInfo,
  scopeVotePage,
  scopeVotesWithIds,
  voteIdsBetween,
  type CellScope,
  type ScopeVoteRow,
} from '../repositories/progress.js';

/**
 * Votes read and folded in one turn of the event loop. A page is a few milliseconds of work, and the event loop runs
 * between pages, so votes and item requests wait at most that long while a large log is read.
 */
const VOTES_PER_TURN = 1000;
/** Raters looked up, or given fresh diagnostics, in one turn of the event loop. */
const RATERS_PER_TURN = 250;

/**
 * On PostgreSQL votes on different model pairs commit in parallel, so a vote can commit after one with a higher id:
 * ids missing from the log when read are looked for again. Only among the newest ids read (a vote's id is taken just
 * before its transaction commits), and for a while (an id of a transaction that rolled back never shows up).
 */
const LATE_VOTE_IDS = 10_000;
const LATE_VOTE_MS = 60_000;
/** Ids asked about in one statement. */
const IDS_PER_QUERY = 500;

/** One rater with votes in the scope: who, and their votes there (all of them: excluded raters' too). */
export interface ScopeRater {
  pseudonym: string;
  displayName: string | null;
  excluded: boolean;
  votes: number;
  overlapVoted: number;
  lastVoteAt: string | null;
}

/**
 * Everything a progress snapshot counts per vote, for one scope, kept up to date by reading only the votes after the
 * last one read: the raters' counts, the overlap items' progress and agreement, the raters' diagnostics and the
 * votes' times. Excluded raters' votes count for the raters' own counts but not for agreement and diagnostics, as in
 * the research analyses; an exclusion or inclusion therefore starts the tally over.
 */
export class ScopeTally {
  readonly raters = new Map<number, ScopeRater>();
  readonly diagnostics = new RaterDiagnosticsTally();
  readonly overlap = new OverlapTally();
  readonly voteTimes = new InstantCounter();
  /** The log is read through this vote id (of any scope), except for the ids in #missing. */
  #readThrough = 0;
  /** Ids below #readThrough that the log did not hold when read, with when they were first missed. */
  readonly #missing = new Map<number, number>();

  constructor(
    readonly signature: string,
    private readonly scope: CellScope,
    private readonly overlapCells: ReadonlySet<number>,
  ) {}

  /** Folds in the votes committed since the last call, a page per turn of the event loop. */
  async catchUp(db: Kysely<Database>): Promise<void> {
    const now = Date.now();
    const throughId = await lastVoteId(db);
    await this.#foldLateVotes(db, now);
    // Noted before the pages are read: an id that commits in between is in a page and no longer missing then.
    await this.#noteMissingIds(db, Math.max(this.#readThrough, throughId - LATE_VOTE_IDS), throughId, now);
    while (this.#readThrough < throughId) {
      const page = await scopeVotePage(db, this.scope, { afterId: this.#readThrough, throughId }, VOTES_PER_TURN);
      await this.#learnRaters(db, page);
      for (const vote of page) {
        this.#fold(vote);
        this.#missing.delete(vote.id);
      }
      this.diagnostics.settle();
      this.#readThrough = page.length < VOTES_PER_TURN ? throughId : page[page.length - 1]!.id;
      if (this.#readThrough < throughId) await nextTurn();
    }
  }

  /** Ids not (yet) in the log among those about to be read past; the tally looks for them at its next reads. */
  async #noteMissingIds(db: Kysely<Database>, afterId: number, throughId: number, now: number): Promise<void> {
    if (throughId <= afterId) return;
    const present = new Set(await voteIdsBetween(db, afterId, throughId));
    for (let id = afterId + 1; id <= throughId; id++) if (!present.has(id)) this.#missing.set(id, now);
  }

  /** Folds in the votes with missing ids that have committed since; forgets ids missing for long. */
  async #foldLateVotes(db: Kysely<Database>, now: number): Promise<void> {
    for (const [id, since] of this.#missing) if (now - since > LATE_VOTE_MS) this.#missing.delete(id);
    const ids = [...this.#missing.keys()];
    for (let from = 0; from < ids.length; from += IDS_PER_QUERY) {
      const batch = ids.slice(from, from + IDS_PER_QUERY);
      const committed = await existingVoteIds(db, batch);
      if (committed.length === 0) continue;
      const late = await scopeVotesWithIds(db, this.scope, committed);
      await this.#learnRaters(db, late);
      for (const vote of late) this.#fold(vote);
      for (const id of committed) this.#missing.delete(id);
      this.diagnostics.settle();
    }
  }

  /**
   * Reads every known rater's display name and exclusion again, a batch per turn. False when an exclusion changed:
   * the tally counted that rater's votes the other way, so it no longer holds.
   */
  async refreshRaters(db: Kysely<Database>): Promise<boolean> {
    const ids = [...this.raters.keys()];
    for (let from = 0; from < ids.length; from += RATERS_PER_TURN) {
      if (from > 0) await nextTurn();
      for (const info of await raterProgressInfo(db, ids.slice(from, from + RATERS_PER_TURN))) {
        const rater = this.raters.get(info.id)!;
        if (rater.excluded !== (info.excludedAt !== null)) return false;
        rater.displayName = info.displayName;
      }
    }
    return true;
  }

  /** Computes the diagnostics of raters whose votes or consensus changed, a batch per turn. */
  async refreshDiagnostics(): Promise<void> {
    const stale = this.diagnostics.staleRaters();
    for (let from = 0; from < stale.length; from += RATERS_PER_TURN) {
      if (from > 0) await nextTurn();
      for (const rater of stale.slice(from, from + RATERS_PER_TURN)) this.diagnostics.diagnosticsOf(rater);
    }
  }

  async #learnRaters(db: Kysely<Database>, page: readonly ScopeVoteRow[]): Promise<void> {
    const unknown = [...new Set(page.map((vote) => vote.raterId))].filter((id) => !this.raters.has(id));
    for (let from = 0; from < unknown.length; from += RATERS_PER_TURN) {
      for (const info of await raterProgressInfo(db, unknown.slice(from, from + RATERS_PER_TURN))) {
        const { pseudonym, displayName, excludedAt } = info;
        this.raters.set(info.id, { pseudonym, displayName, excluded: excludedAt !== null, votes: 0, overlapVoted: 0, lastVoteAt: null });
      }
    }
  }

  #fold(vote: ScopeVoteRow): void {
    const rater = this.raters.get(vote.raterId)!;
    const overlap = this.overlapCells.has(vote.cellId);
    rater.votes++;
    if (overlap) rater.overlapVoted++;
    // Stored times are all ISO-8601 text of one length, so text order is time order, as SQL compares them.
    if (rater.lastVoteAt === null || vote.createdAt > rater.lastVoteAt) rater.lastVoteAt = vote.createdAt;
    this.voteTimes.add(Date.parse(vote.createdAt));
    if (rater.excluded) return;
    // Ids stand in for model names: agreement and diagnostics only compare them.
    const [item, modelA, modelB] = [String(vote.questionId), String(vote.modelAId), String(vote.modelBId)];
    this.diagnostics.add({ rater: rater.pseudonym, question: item, modelA, modelB, outcome: vote.choice, elapsedMs: vote.elapsedMs });
    if (overlap) this.overlap.add({ rater: rater.pseudonym, item, modelA, modelB, outcome: vote.choice });
  }
}

/** A campaign's id, or null for every active set. */
type ScopeKey = number | null;

interface CachedTally {
  tally: ScopeTally | null;
  /** The last update asked for; the next one starts when it ends, so no vote is folded twice. */
  updating: Promise<unknown>;
  forget: NodeJS.Timeout | null;
}

/**
 * The tallies of the scopes asked for lately, so that a snapshot reads only the votes since the one before. A scope
 * nobody asked about for `idleMs` is forgotten (its memory grows with its log), and read whole again if asked.
 */
export class ProgressTallies {
  readonly #cached = new Map<ScopeKey, CachedTally>();

  constructor(private readonly idleMs = 10 * 60_000) {}

  /**
   * Brings the scope's tally up to every vote committed before the call, then runs `read` on it. Nothing else folds
   * votes into the tally until `read` has finished, so `read` may wait turns of the event loop and still see one
   * state. The last page is read just before `read` starts, with no turn between them.
   */
  async read<T>(
    db: Kysely<Database>,
    key: ScopeKey,
    scope: CellScope,
    overlapCells: ReadonlySet<number>,
    read: (tally: ScopeTally) => Promise<T>,
  ): Promise<T> {
    let cached = this.#cached.get(key);
    if (!cached) this.#cached.set(key, (cached = { tally: null, updating: Promise.resolve(), forget: null }));
    const entry = cached;
    this.#forgetLater(key, entry);
    const signature = JSON.stringify([scope, [...overlapCells].sort((a, b) => a - b)]);
    const result = entry.updating.then(async () => {
      let tally = entry.tally;
      if (tally === null || tally.signature !== signature || !(await tally.refreshRaters(db))) {
        tally = entry.tally = new ScopeTally(signature, scope, overlapCells);
      }
      await tally.catchUp(db);
      await tally.refreshDiagnostics();
      // The votes of the moment just spent, a few at most.
      await tally.catchUp(db);
      return read(tally);
    });
    entry.updating = result.catch(() => undefined);
    return result;
  }

  /** Forgets every tally (the app is closing). */
  clear(): void {
    for (const cached of this.#cached.values()) if (cached.forget) clearTimeout(cached.forget);
    this.#cached.clear();
  }

  #forgetLater(key: ScopeKey, entry: CachedTally): void {
    if (entry.forget) clearTimeout(entry.forget);
    entry.forget = setTimeout(() => {
      if (this.#cached.get(key) === entry) this.#cached.delete(key);
    }, this.idleMs).unref();
  }
}
