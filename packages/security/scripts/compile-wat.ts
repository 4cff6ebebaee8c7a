import wabt from 'wabt';

/**
 * The WebAssembly bytes of a module in text format, compiled with wabt, without debug names (so the bytes depend
 * only on the source).
 *
 * @example
 * const bytes = await compileWat(readFileSync('src/wasm/literal-scan.wat', 'utf8'));
 */
export async function compileWat(text: string): Promise<Uint8Array> {
  const compiler = await wabt();
  const module = compiler.parseWat('module.wat', text);
  try {
    module.validate();
    return Uint8Array.from(module.toBinary({ write_debug_names: false }).buffer);
  } finally {
    module.destroy();
  }
}
