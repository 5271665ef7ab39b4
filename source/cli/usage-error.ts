/** A usage problem: printed as `pmapdbg: MESSAGE`, exit status 2 (cli.md). */
export class UsageError extends Error {}
