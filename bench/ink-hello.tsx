// The baseline of startup_ratio_vs_ink_hello: the smallest Ink app, run the same way
// as pmapdbg (through tsx), printing its first frame and exiting.
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
