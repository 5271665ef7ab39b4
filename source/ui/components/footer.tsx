/** Below the panes: the status line, and the key hints or the `:` line. */
import {Box, Text} from 'ink';
import {makeConfig, modeLetter} from '../../engine/index.js';
import {bindings} from '../keys.js';
import {excludedByRequire} from '../../session/expectation-status.js';
import type {DebuggerModel} from '../model.js';
import {columns, fit, padTo} from '../view/line.js';

/**
 * The key hints that fit in WIDTH columns. Rather than cut `q quit` off the end, the
 * hints just before `? help` give way first (lanes, then zoom, ...): `?` lists them all.
 */
export function keyHints(width: number): string {
	const kept = bindings.filter(binding => binding.hint).map(binding => `${binding.label} ${binding.hint}`);
	const help = kept.length - 2;
	for (let drop = help - 1; drop >= 0 && columns(kept.join(' │ ')) > width; drop--) {
		kept.splice(drop, 1);
	}

	return kept.join(' │ ');
}

/** Props of Footer. */
export type FooterProps = {
	readonly model: DebuggerModel;
	readonly width: number;
	/** The text line being edited, with its `:` or `/`; undefined shows the key hints. */
	readonly prompt: string | undefined;
	readonly color: boolean;
};

/** The verdict so far: stale uses seen, or finished. */
function verdict(model: DebuggerModel): string {
	const {session} = model;
	const {state} = session;
	if (excludedByRequire(session)) {
		return `SKIPPED (require mode ${session.scenario.require!.join(' ')})`;
	}

	const stale = state.staleUses > 0 ? `${state.staleUses} STALE USE${state.staleUses === 1 ? '' : 'S'}` : 'no stale use';
	const statuses = session.expectations.statuses();
	const ok = statuses.filter(status => status.state === 'ok').length;
	const failed = statuses.filter(status => status.state === 'failed').length;
	const expects = statuses.length === 0 ? '' : `  expect ${ok}✓${failed > 0 ? ` ${failed}✗` : ''}/${statuses.length}`;
	return `${session.done ? `finished, ${stale}` : stale}${expects}`;
}

/** Draws the footer. */
export function Footer({model, width, prompt, color}: FooterProps) {
	const {session} = model;
	const {config} = session;
	const line = session.events.at(-1)?.line;
	// The kernel and the memory model only when not the defaults (FreeBSD, sc), as describeConfig does.
	const kernel = config.kernel === 'linux' ? 'linux ' : '';
	const memory = config.memory === 'tso' ? ' memory tso' : '';
	const status = `steps ${session.at}/${session.recorded}  line ${line ?? '-'}  ${kernel}${config.mode} (${modeLetter(makeConfig(config.mode, config.invpcid))})${config.pcid ? ` invpcid ${config.invpcid ? 'on' : 'off'}` : ''}${memory}${config.ablate.size > 0 ? ` ablate ${[...config.ablate].join(',')}` : ''}  ${verdict(model)}  ${session.scenario.title}`;
	const hints = keyHints(width);
	return (
		<Box flexDirection="column" width={width}>
			<Text inverse wrap="truncate" color={color && session.state.staleUses > 0 ? 'red' : undefined}>
				{padTo(status, width)}
			</Text>
			<Text wrap="truncate">{prompt === undefined ? fit(hints, width) : fit(`${prompt}█`, width)}</Text>
		</Box>
	);
}
