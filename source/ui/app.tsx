/** The debugger's screen: panes, footer, overlays. Composition only; logic lives elsewhere. */
import {Box, Text, useApp, useStdin, useStdout} from 'ink';
import {useEffect, useReducer, useRef, useState} from 'react';
import {recreatePoints} from '../commands/points.js';
import {excludedByRequire} from '../session/expectation-status.js';
import {visible} from '../text/untrusted.js';
import {Body} from './components/body.js';
import {Footer} from './components/footer.js';
import {HelpOverlay} from './components/help-overlay.js';
import {ConfigPicker, ScenarioPicker} from './components/pickers.js';
import {computeLayout, type Layout, type PaneId} from './layout.js';
import {DebuggerModel} from './model.js';
import {initialUiState, uiReducer, type UiState} from './ui-state.js';
import {useKeys} from './use-keys.js';
import {paneLineCount} from './view/count.js';
import {outputLines} from './view/output.js';
import {filteredEvents} from './view/panes.js';

/** Props of Screen. */
export type ScreenProps = {readonly model: DebuggerModel; readonly layout: Layout; readonly ui: UiState; readonly color: boolean};

/** The panes and the footer for one state: what every frame of an open session shows. */
export function Screen({model, layout, ui, color}: ScreenProps) {
	return (
		<Box flexDirection="column" width={layout.width} height={layout.height - 1}>
			<Box height={layout.height - layout.footer - 1} flexDirection="column">
				<Body model={model} layout={layout} focus={ui.focus} scroll={ui.scroll} cursor={ui.cursor} eventFilter={ui.eventFilter} eventCursor={ui.eventCursor} color={color} />
			</Box>
			<Footer model={model} width={layout.width} prompt={ui.mode === 'command' ? (ui.prompt === 'filter' ? '/' : ':') + ui.commandText : undefined} color={color} />
		</Box>
	);
}

/** What opening a scenario file gives: a model, or the diagnostics to show. */
export type Opened = {readonly model?: DebuggerModel; readonly diagnostics?: string};

/** Props of App. */
export type AppProps = {
	readonly opened: Opened | undefined;
	readonly files: readonly string[];
	readonly open: (file: string) => Promise<Opened>;
	readonly color: boolean;
	/** Clears the screen for Ctrl-L. */
	readonly redraw?: () => void;
	/** Receives the function that redraws the whole screen (after a resume). */
	readonly subscribeRedraw?: (redraw: () => void) => void;
	/** Ctrl-C: ends the debugger as an interrupt (exit 130); without it, quits. */
	readonly interrupt?: () => void;
	/** Ctrl-Z: gives the terminal back and stops, as a shell job. */
	readonly suspend?: () => void;
};

function useTerminalSize(): {columns: number; rows: number} {
	const {stdout} = useStdout();
	const [size, setSize] = useState({columns: stdout.columns || 80, rows: stdout.rows || 24});
	useEffect(() => {
		const onResize = () => {
			setSize({columns: stdout.columns || 80, rows: stdout.rows || 24});
		};

		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}

/** The debugger. */
export function App({opened, files, open, color, redraw, subscribeRedraw, interrupt, suspend}: AppProps) {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const {columns, rows} = useTerminalSize();
	const [current, setCurrent] = useState<Opened | undefined>(opened);
	const [ui, dispatch] = useReducer(uiReducer, {...initialUiState, mode: opened === undefined ? 'pick-scenario' : 'normal'});
	const [, setVersion] = useState(0);
	// Ctrl-L: Ink skips a frame identical to the last one it drew, so a redraw goes
	// through one empty frame first.
	const [blanking, setBlanking] = useState(false);
	useEffect(() => {
		if (blanking) {
			setBlanking(false);
		}
	}, [blanking]);
	useEffect(() => {
		subscribeRedraw?.(() => {
			redraw?.();
			setBlanking(true);
		});
	}, [subscribeRedraw, redraw]);
	const scrollRef = useRef<Partial<Record<PaneId, number>>>({});
	const model = current?.model;
	const cpuCount = model?.session.state.cpus.length ?? 2;
	const outputCount = model ? outputLines(model, Math.max(40, columns)).length : 0;
	const layout = computeLayout(columns, rows, cpuCount, outputCount, ui.zoom);
	const bodyHeight = layout.height - layout.footer - 1;
	useKeys({
		model,
		ui,
		dispatch,
		layout,
		active: isRawModeSupported === true,
		refresh: () => setVersion(version => version + 1),
		quit: exit,
		interrupt: interrupt ?? exit,
		suspend: suspend ?? (() => {}),
		redraw: () => {
			redraw?.();
			setBlanking(true);
		},
		paneLength: pane => (model ? paneLineCount(model, pane, layout.width) : 0),
		outputOverflows: () => {
			if (model === undefined) {
				return false;
			}

			const count = outputLines(model, layout.width).length;
			return count + 1 > computeLayout(columns, rows, cpuCount, count).output!.height;
		},
		paneScroll: pane => ui.scroll[pane] ?? scrollRef.current[pane] ?? (pane === 'events' && model ? Math.max(0, paneLineCount(model, 'events', layout.width) - (layout.left.find(box => box.id === 'events')?.height ?? 1) + 1) : 0),
		events: () => (model ? filteredEvents(model, ui.eventFilter) : []),
	});

	if (blanking) {
		return <Text>{'\u00A0'}</Text>;
	}

	if (columns < 40 || rows < 12) {
		// Below this the panes cannot be bounded: say so in one line instead of overflowing.
		return <Text wrap="truncate">{`pmapdbg needs at least 40x12 (this terminal is ${columns}x${rows}); q quits`}</Text>;
	}

	const pick = (file: string) => {
		void open(file).then(result => {
			setCurrent(result);
			dispatch({type: 'mode', mode: 'normal'});
		});
	};

	let body;
	if (ui.mode === 'help') {
		body = <HelpOverlay height={bodyHeight} width={layout.width} scroll={ui.helpScroll} color={color} />;
	} else if (ui.mode === 'pick-scenario') {
		body = <ScenarioPicker files={files} height={bodyHeight} onPick={pick} />;
	} else if (ui.mode === 'pick-config' && model) {
		body = (
			<ConfigPicker
				height={bodyHeight}
				onPick={(mode, invpcid) => {
					const {session} = model;
					const next = new DebuggerModel(session.scenario, {mode, invpcid, ablate: [...session.config.ablate], seed: session.seed});
					// Breakpoints and watchpoints carry over to the restarted session.
					for (const command of recreatePoints(session)) {
						next.execute(command);
					}

					const skipped = excludedByRequire(next.session)
						? [`This configuration is excluded by the scenario's "require mode ${session.scenario.require!.join(' ')}": run reports it as skipped, and its expect lines are not checked.`]
						: [];
					next.output = [`Restarted in ${mode}${mode.includes('pcid') ? `, invpcid ${invpcid ? 'on' : 'off'}` : ''} at step 0; breakpoints and watchpoints kept.`, ...skipped];
					setCurrent({model: next});
					dispatch({type: 'mode', mode: 'normal'});
				}}
			/>
		);
	} else if (model) {
		return <Screen model={model} layout={layout} ui={ui} color={color} />;
	} else {
		const text = current?.diagnostics ?? 'No scenario open.';
		body = (
			<Box flexDirection="column" height={bodyHeight}>
				{text.split('\n').slice(0, bodyHeight - 1).map((line, index) => (
					// eslint-disable-next-line react/no-array-index-key
					<Text key={index} wrap="truncate" color={color && index === 0 ? 'red' : undefined}>
						{visible(line)}
					</Text>
				))}
				<Text dimColor>o: open another scenario │ q: quit</Text>
			</Box>
		);
	}

	return (
		<Box flexDirection="column" width={layout.width} height={layout.height - 1}>
			<Box height={bodyHeight}>{body}</Box>
			{model ? <Footer model={model} width={layout.width} prompt={undefined} color={color} /> : <Text> </Text>}
		</Box>
	);
}
