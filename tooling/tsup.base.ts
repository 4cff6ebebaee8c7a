/**
 * @module
 * The one tsup configuration every @orkit package builds from: ESM, bundled `.d.ts`, Node 22.
 */
import { defineConfig } from 'tsup';

export interface PackageBuildOptions {
  readonly entry: Record<string, string> | string[];
  readonly banner?: { js?: string };
  /** Runs after each build (e.g. copies files the package ships beside its code). */
  readonly onSuccess?: () => Promise<void>;
}

export function packageConfig(options: PackageBuildOptions) {
  return defineConfig({
    entry: options.entry,
    format: ['esm'],
    target: 'node22',
    platform: 'node',
    // The workspace's `paths` (sources, for typechecking from a fresh clone) must not reach the published types:
    // there, other @orkit packages are dependencies, resolved to their own `.d.ts`.
    dts: { compilerOptions: { paths: {} } },
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    ...(options.banner ? { banner: options.banner } : {}),
    ...(options.onSuccess ? { onSuccess: options.onSuccess } : {}),
  });
}
