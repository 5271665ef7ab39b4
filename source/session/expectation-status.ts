/**
 * Where each `expect` line stands at the session's position, as `run` would judge it:
 * checked once the steps above it completed (whole-run claims at the end), against the
 * state and the events of that moment. The debugger marks them in the Source gutter and
 * lists them with `info expect`.
 */
import {evaluate} from '../run/evaluate.js';
import type {Expectation} from '../scenario/expectations.js';
import type {Session} from './session.js';

/** One expectation's standing. */
export type ExpectationStatus = {
	readonly expectation: Expectation;
	/** pending: not reached yet; skipped: the configuration is excluded by `require`. */
	readonly state: 'ok' | 'failed' | 'pending' | 'skipped';
	/** What was found instead, when it failed. */
	readonly detail: string;
	/** The step position it was checked at. */
	readonly at: number | undefined;
};

/** Whether the session's configuration is one the scenario's `require` line excludes. */
export function excludedByRequire(session: Session): boolean {
	const {require} = session.scenario;
	return require !== undefined && !require.includes(session.config.mode);
}

/** Computes the standings, caching what does not change as the position moves. */
export class ExpectationTracker {
	private readonly session: Session;
	private epoch = -1;
	/** Due positions by afterBlocks; verdicts by expectation index and position. */
	private readonly due = new Map<number, number | undefined>();
	private readonly verdicts = new Map<string, {ok: boolean; detail: string}>();

	constructor(session: Session) {
		this.session = session;
	}

	/** Every expectation of the scenario, in file order. */
	statuses(): ExpectationStatus[] {
		const {session} = this;
		if (session.historyEpoch !== this.epoch) {
			this.epoch = session.historyEpoch;
			this.due.clear();
			this.verdicts.clear();
		}

		const skipped = excludedByRequire(session);
		return session.scenario.expectations.map((expectation, index): ExpectationStatus => {
			if (skipped) {
				return {expectation, state: 'skipped', detail: '', at: undefined};
			}

			const whole = !Number.isFinite(expectation.afterBlocks);
			const at = whole ? (session.done ? session.at : undefined) : this.duePosition(expectation.afterBlocks);
			if (at === undefined || at > session.at) {
				// no-stale fails at the first stale use, before the end.
				if (expectation.check.kind === 'no-stale' && session.state.staleUses > 0) {
					return {expectation, state: 'failed', detail: 'a stale use occurred', at: session.at};
				}

				return {expectation, state: 'pending', detail: '', at: undefined};
			}

			const verdict = this.verdictAt(index, expectation, at);
			return {expectation, state: verdict.ok ? 'ok' : 'failed', detail: verdict.detail, at};
		});
	}

	/** The first recorded position at which AFTERBLOCKS blocks have completed, if any. */
	private duePosition(afterBlocks: number): number | undefined {
		if (this.due.has(afterBlocks)) {
			return this.due.get(afterBlocks);
		}

		// The block index only grows along the history: a binary search over positions.
		const {session} = this;
		let low = 0;
		let high = session.recorded;
		if (session.stateAt(high).block < afterBlocks) {
			return undefined;
		}

		while (low < high) {
			const middle = Math.floor((low + high) / 2);
			if (session.stateAt(middle).block >= afterBlocks) {
				high = middle;
			} else {
				low = middle + 1;
			}
		}

		this.due.set(afterBlocks, low);
		return low;
	}

	private verdictAt(index: number, expectation: Expectation, at: number): {ok: boolean; detail: string} {
		const key = `${index}@${at}`;
		let verdict = this.verdicts.get(key);
		if (verdict === undefined) {
			verdict = evaluate(expectation.check, this.session.stateAt(at), this.session.eventsIn(0, at));
			this.verdicts.set(key, verdict);
		}

		return verdict;
	}
}
