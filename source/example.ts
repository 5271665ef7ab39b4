/**
 * The example of scenario-language.md, built in code: a remote user page whose pmap is
 * active on the other CPU. Shown by `pmapdbg example` until scenario files can be run.
 */
import {ProgramBuilder, type Program} from './engine/index.js';

/** The contract's example program (two CPUs, pmap A, one shootdown). */
export function exampleProgram(): Program {
	const b = new ProgramBuilder(2).pmap('A').map('A', 0x40_0000, 0x1000, 'rw');
	b.at(1, b.switchTo('A'))
		.at(1, ProgramBuilder.user)
		.at(1, b.read(0x40_0000))
		.at(0, b.switchTo('A'))
		.at(0, b.remove('A', 0x40_0000))
		.at(1, b.read(0x40_0000));
	return b.build();
}
