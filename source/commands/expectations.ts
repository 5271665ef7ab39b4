/** `info expect`: each `expect` line and where it stands, in `run`'s words. */
import {makeConfig, modeLetter} from '../engine/index.js';
import {excludedByRequire} from '../session/expectation-status.js';
import type {Session} from '../session/session.js';

/** The lines of `info expect`. */
export function infoExpect(session: Session): string[] {
	const statuses = session.expectations.statuses();
	if (statuses.length === 0) {
		return ['This scenario has no expect lines.'];
	}

	const head: string[] = [];
	if (excludedByRequire(session)) {
		const {mode, invpcid} = session.config;
		head.push(`skipped: ${mode} (${modeLetter(makeConfig(mode, invpcid))}) is not in the scenario's "require mode ${session.scenario.require!.join(' ')}"; run reports this configuration as skipped.`);
	}

	return [
		...head,
		...statuses.map(({expectation, state, detail, at}) => {
			const mark = {ok: 'ok  ', failed: 'FAIL', pending: '..  ', skipped: 'skip'}[state];
			const note =
				state === 'failed'
					? `  (${detail}${at === undefined ? '' : `; checked at step ${at}`})`
					: state === 'pending'
						? Number.isFinite(expectation.afterBlocks)
							? '  (not reached yet)'
							: '  (checked at the end)'
						: state === 'ok' && at !== undefined
							? `  (at step ${at})`
							: '';
			return `${mark}  line ${String(expectation.line).padEnd(4)} ${expectation.text}${note}`;
		}),
	];
}
