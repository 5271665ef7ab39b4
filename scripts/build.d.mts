// The types of build.mjs, for the bench (bench/ui.tsx builds its Ink hello with it).
export declare function buildInto(entries: readonly string[], outdir: string): Promise<void>;
