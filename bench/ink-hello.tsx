// The baseline of startup_ratio_vs_ink_hello: the smallest Ink app, compiled and run the
// same way as pmapdbg (scripts/build.mjs, see bench/ui.tsx), printing its
// first frame and exiting.
import {render, Text, useApp} from 'ink';
import {useEffect} from 'react';

function Hello() {
	const {exit} = useApp();
	useEffect(() => {
		const timer = setTimeout(exit, 50);
		return () => {
			clearTimeout(timer);
		};
	}, [exit]);
	return <Text>hello from Ink</Text>;
}

render(<Hello />);
