/** The configuration picker (`m`) and the scenario picker (`o`), with ink-select-input. */
import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import {configurations, makeConfig, modeLetter, type Mode} from '../../engine/index.js';
import {visible} from '../../text/untrusted.js';

/** Props of ConfigPicker. */
export type ConfigPickerProps = {readonly onPick: (mode: Mode, invpcid: boolean) => void; readonly height: number};

/** Chooses one of the six configurations. */
export function ConfigPicker({onPick, height}: ConfigPickerProps) {
	const items = configurations.map(({mode, invpcid}) => {
		const letter = modeLetter(makeConfig(mode, invpcid));
		const pcid = mode === 'pcid' || mode === 'pti-pcid';
		return {key: letter, label: `${letter}  ${mode}${pcid ? `, invpcid ${invpcid ? 'on' : 'off'}` : ''}`, value: `${mode}/${invpcid}`};
	});
	return (
		<Box flexDirection="column" height={height}>
			<Text bold>Configuration (Enter picks, Esc cancels; the session restarts at step 0)</Text>
			<SelectInput
				items={items}
				onSelect={item => {
					const [mode, invpcid] = item.value.split('/');
					onPick(mode as Mode, invpcid === 'true');
				}}
			/>
		</Box>
	);
}

/** Props of ScenarioPicker. */
export type ScenarioPickerProps = {readonly files: readonly string[]; readonly onPick: (file: string) => void; readonly height: number};

/** Chooses a scenario file: the shipped ones and those in the current folder (names shown made visible: anyone can name a file). */
export function ScenarioPicker({files, onPick, height}: ScenarioPickerProps) {
	if (files.length === 0) {
		return <Text>No scenario files found (*.scn in scenarios/ or the current folder). Esc closes.</Text>;
	}

	return (
		<Box flexDirection="column" height={height}>
			<Text bold>Open a scenario (Enter opens, Esc cancels)</Text>
			<SelectInput items={files.map(file => ({key: file, label: visible(file), value: file}))} limit={Math.max(3, height - 2)} onSelect={item => onPick(item.value)} />
		</Box>
	);
}
