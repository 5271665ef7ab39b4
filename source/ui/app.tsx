/** The debugger's screen: panes, footer, overlays. Composition only; logic lives elsewhere. */
import {Box, Text, useApp, useStdin, useStdout} from 'ink';
import {useEffect, useReducer, useRef, useState} from 'react';
import {visible} from '../text/untrusted.js';
import {Body} from './components/body.js';
import {Footer} from './components/footer.js';
import {HelpOverlay} from './components/help-overlay.js';
import {Picker} from './components/pickers.js';
import {computeLayout, type Layout, type PaneId} from './layout.js';
import type {DebuggerModel} from './model.js';
import type {PickerItem} from './picker.js';
import {initialUiState, uiReducer, type UiState} from './ui-state.js';
import {useKeys} from './use-keys.js';
import {configItems, useSession, type Opened, type ScenarioFile} from './use-session.js';
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
				<Body model={model} layout={layout} focus={ui.focus} scroll={ui.scroll} cursor={ui.cursor} eventFilter={ui.eventFilter} eventCursor={ui.eventCursor} lanes={ui.lanes} color={color} />
			</Box>
			<Footer model={model} width={layout.width} prompt={ui.mode === 'command' ? (ui.prompt === 'filter' ? '/' : ':') + ui.commandText : undefined} color={color} />
		</Box>
	);
}

/** Props of App. */
export type AppProps = {
	readonly opened: Opened | undefined;
	/**
	 * The scenario files the `o` picker offers, or the function that lists them: it is
	 * called once the first frame is drawn, so reading and compiling every shipped
	 * scenario for its title does not delay the start (bench key startup_ratio_vs_ink_hello).
	 */
	readonly files: readonly ScenarioFile[] | (() => Promise<readonly ScenarioFile[]>);
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
	/** Receives the function that reloads the scenario from its file (--watch). */
	readonly subscribeReload?: (reload: () => void) => void;
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

/** FILES as a list: at once when given one, else once the lister answers (undefined until then). */
function useScenarioFiles(files: AppProps['files']): readonly ScenarioFile[] | undefined {
	const [listed, setListed] = useState<readonly ScenarioFile[] | undefined>(undefined);
	useEffect(() => {
		if (typeof files !== 'function') {
			return undefined;
		}

		let live = true;
		// A lister that fails lists nothing: a typed path still opens.
		void files().then(
			list => {
				if (live) {
					setListed(list);
				}
			},
			() => {
				if (live) {
					setListed([]);
				}
			},
		);
		return () => {
			live = false;
		};
	}, [files]);
	return typeof files === 'function' ? listed : files;
}

export type {Opened, ScenarioFile} from './use-session.js';

/** The debugger. */
/** Two of Ink's render throttle windows (its default is 30 frames a second). */
const blankFrameMilliseconds = 2 * Math.ceil(1000 / 30);

export function App({opened, files, open, color, redraw, subscribeRedraw, interrupt, suspend, subscribeReload}: AppProps) {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const {columns, rows} = useTerminalSize();
	const [, setVersion] = useState(0);
	const refresh = () => setVersion(version => version + 1);
	const {current, model, openScenario, pickConfig, reload, currentConfig} = useSession(opened, open, refresh);
	const scenarioFiles = useScenarioFiles(files);
	const scenarioItems: PickerItem[] = (scenarioFiles ?? []).map(file => ({label: file.path, detail: file.title, value: file.path}));
	const [ui, dispatch] = useReducer(uiReducer, {...initialUiState, mode: opened === undefined ? 'pick-scenario' : 'normal'});
	// The list came while the picker was open and untouched (`o` in the first moments):
	// put the cursor on the open scenario, as opening the picker now would.
	useEffect(() => {
		if (scenarioFiles !== undefined && ui.mode === 'pick-scenario' && ui.picker.filter === '' && ui.picker.cursor === 0) {
			dispatch({type: 'open-picker', mode: 'pick-scenario', items: scenarioItems, at: current?.file});
		}
		// Only the list's arrival matters here; the picker's own keys move the cursor after.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [scenarioFiles]);
	useEffect(() => {
		subscribeReload?.(reload);
	});
	// Ctrl-L: Ink skips a frame identical to the last one it drew, so a redraw goes
	// through one empty frame first. Ink throttles its renders (30 a second, leading and
	// trailing edge): were the empty frame taken back at once, both renders could fall in
	// one throttle window and only the last (identical to the old frame, so skipped)
	// would run, leaving the screen cleared. The empty frame is kept two windows long.
	const [blanking, setBlanking] = useState(false);
	useEffect(() => {
		if (!blanking) {
			return undefined;
		}

		const timer = setTimeout(() => {
			setBlanking(false);
		}, blankFrameMilliseconds);
		return () => {
			clearTimeout(timer);
		};
	}, [blanking]);
	useEffect(() => {
		subscribeRedraw?.(() => {
			redraw?.();
			setBlanking(true);
		});
	}, [subscribeRedraw, redraw]);
	const scrollRef = useRef<Partial<Record<PaneId, number>>>({});
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
		refresh,
		quit: exit,
		scenarioItems: () => ({items: scenarioItems, current: current?.file}),
		configItems: () => ({items: configItems, current: currentConfig}),
		openScenario,
		pickConfig,
		reload,
		interrupt: interrupt ?? exit,
		suspend: suspend ?? (() => {}),
		redraw: () => {
			redraw?.();
			setBlanking(true);
		},
		paneLength: pane => (model ? paneLineCount(model, pane, layout.width, ui.lanes) : 0),
		outputOverflows: () => {
			if (model === undefined) {
				return false;
			}

			const count = outputLines(model, layout.width).length;
			return count + 1 > computeLayout(columns, rows, cpuCount, count).output!.height;
		},
		paneScroll: pane => ui.scroll[pane] ?? scrollRef.current[pane] ?? (pane === 'events' && model ? Math.max(0, paneLineCount(model, 'events', layout.width, ui.lanes) - (layout.left.find(box => box.id === 'events')?.height ?? 1) + 1) : 0),
		events: () => (model ? filteredEvents(model, ui.eventFilter) : []),
	});

	if (blanking) {
		return <Text>{'\u00A0'}</Text>;
	}

	if (columns < 40 || rows < 12) {
		// Below this the panes cannot be bounded: say so in one line instead of overflowing.
		return <Text wrap="truncate">{`pmapdbg needs at least 40x12 (this terminal is ${columns}x${rows}); q quits`}</Text>;
	}

	let body;
	if (ui.mode === 'help') {
		body = <HelpOverlay height={bodyHeight} width={layout.width} scroll={ui.helpScroll} color={color} />;
	} else if (ui.mode === 'pick-scenario') {
		body = (
			<Picker
				title={`Open a scenario: type to filter, or a path; Enter opens${model ? ', Esc cancels' : ', q quits'}`}
				items={scenarioItems}
				state={ui.picker}
				height={bodyHeight}
				width={layout.width}
				filtering
				empty={`${scenarioFiles === undefined ? 'Listing the scenarios…' : 'No scenario matches'}; Enter opens what you typed as a path.`}
			/>
		);
	} else if (ui.mode === 'pick-config' && model) {
		body = <Picker title="Configuration: A-F, or Up/Down and Enter (the session restarts at step 0); Esc cancels" items={configItems} state={ui.picker} height={bodyHeight} width={layout.width} filtering={false} empty="" />;
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
