// `node bench/measured.mjs ARGS...` runs `pmapdbg ARGS...` (the compiled binary) in this
// process and, at exit, writes the process's peak resident memory to stderr, so that a
// benchmark can time a whole run and read what it held at most (worker threads included).
import process from 'node:process';

process.on('exit', () => {
	process.stderr.write(`\npeak-rss-kib ${process.resourceUsage().maxRSS}\n`);
});
process.argv.splice(1, 1, new URL('../bin/pmapdbg.js', import.meta.url).pathname);
await import('../bin/pmapdbg.js');
