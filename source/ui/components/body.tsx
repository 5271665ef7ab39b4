/** The two columns of panes, each pane's lines computed from the model. */
import {Box} from 'ink';
import type {Layout, PaneBox, PaneId} from '../layout.js';
import type {DebuggerModel} from '../model.js';
import {listPoints} from '../../commands/points.js';
import type {PaneLine} from '../view/line.js';
import {outputLines} from '../view/output.js';
import {laneLines} from '../view/lanes.js';
import {cpuLines, eventLines, ipiLines, pmapLines, sourceLines, tlbLines, type ExpectMark} from '../view/panes.js';
import {Pane} from './pane.js';

/** Props of Body. */
export type BodyProps = {
	readonly model: DebuggerModel;
	readonly layout: Layout;
	readonly focus: PaneId;
	readonly scroll: Readonly<Partial<Record<PaneId, number>>>;
	readonly cursor: number;
	readonly eventFilter: string;
	readonly eventCursor: number | undefined;
	/** The events pane draws the IPI lanes instead of the log. */
	readonly lanes: boolean;
	readonly color: boolean;
};

const titles: Record<PaneId, string> = {
	source: 'Source',
	events: 'Events',
	breakpoints: 'Breakpoints',
	cpus: 'CPUs',
	tlbs: 'TLBs',
	pmaps: 'Pmaps & page tables',
	ipis: 'IPIs',
	output: 'Output',
};

/** Each pane's lines and where it scrolls by itself (to the current line, to the end). */
function paneContent(model: DebuggerModel, id: PaneId, width: number, cursor: number, eventFilter: string, eventCursor: number | undefined, lanes: boolean): {lines: PaneLine[]; follow: number} {
	const {session, previous} = model;
	const {state} = session;
	switch (id) {
		case 'source': {
			const current = session.events.at(-1)?.line;
			const breakLines = new Set(session.breakpoints.flatMap(breakpoint => (breakpoint.target.kind === 'line' ? [breakpoint.target.line] : [])));
			const positions = model.cpuLines();
			const expects = new Map<number, ExpectMark>();
			for (const status of session.expectations.statuses()) {
				if (status.state === 'ok' || status.state === 'failed') {
					expects.set(status.expectation.line, status.state);
				}
			}

			const lines = sourceLines(session.scenario.source.body, current, breakLines, positions, expects);
			const marked = lines.map((line, index) => (index + 1 === cursor && line.accent !== 'current' ? {...line, text: line.text.replace(/^(.)./, '$1·')} : line));
			// Before the first step, show where the CPUs are about to start.
			const next = Math.min(...positions.keys());
			return {lines: marked, follow: (current ?? (Number.isFinite(next) ? next : cursor)) - 3};
		}

		case 'events': {
			if (lanes) {
				const chart = laneLines(model.recentEvents(), session.events.at(-1)?.step, width - 2);
				return {lines: chart, follow: chart.length};
			}

			const lines = eventLines(model.recentEvents(), session.events.at(-1)?.step, eventFilter).map((line, index) =>
				index === eventCursor ? {...line, accent: 'current' as const} : line,
			);
			return {lines, follow: lines.length};
		}

		case 'breakpoints': {
			return {lines: listPoints(session).map(text => ({text})), follow: 0};
		}

		case 'cpus': {
			return {lines: cpuLines(state, previous), follow: 0};
		}

		case 'tlbs': {
			return {lines: tlbLines(state, previous), follow: 0};
		}

		case 'pmaps': {
			return {lines: pmapLines(state, previous), follow: 0};
		}

		case 'ipis': {
			return {lines: ipiLines(state), follow: 0};
		}

		case 'output': {
			// Read from the top: the first line of `why` or `help` is where reading starts.
			return {lines: outputLines(model, width), follow: 0};
		}

		default: {
			return id satisfies never;
		}
	}
}

/** A column of panes (the output pane is a column of one). */
export function Column({model, boxes, focus, scroll, cursor, eventFilter, eventCursor, lanes, color}: Omit<BodyProps, 'layout'> & {readonly boxes: readonly PaneBox[]}) {
	return (
		<Box flexDirection="column">
			{boxes.map(box => {
				const {lines, follow} = paneContent(model, box.id, box.width, cursor, eventFilter, eventCursor, lanes);
				const chart = box.id === 'events' && lanes;
				const title = chart
					? 'IPI lanes'
					: box.id === 'events' && eventFilter !== ''
						? `Events /${eventFilter}`
						: box.id === 'pmaps' && model.session.config.kernel === 'linux'
							? 'Address spaces (mm) & page tables'
							: titles[box.id];
				return (
					<Pane
						key={box.id}
						title={title}
						lines={lines}
						height={box.height}
						width={box.width}
						focused={focus === box.id}
						scroll={scroll[box.id] ?? follow}
						color={color}
						sticky={chart ? 1 : 0}
					/>
				);
			})}
		</Box>
	);
}

/** Draws the panes: the two columns, then the output pane under them. */
export function Body({layout, ...rest}: BodyProps) {
	return (
		<Box flexDirection="column">
			{layout.left.length > 0 ? (
				<Box flexDirection="row" gap={1}>
					<Column {...rest} boxes={layout.left} />
					{layout.right.length > 0 ? <Column {...rest} boxes={layout.right} /> : undefined}
				</Box>
			) : undefined}
			{layout.output ? <Column {...rest} boxes={[layout.output]} /> : undefined}
		</Box>
	);
}
