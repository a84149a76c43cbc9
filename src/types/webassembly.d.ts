// Node has WebAssembly at run time, but TypeScript only declares it in the DOM lib, which we do not
// load (its globals would hide mistakes). Declare the little we use.
declare namespace WebAssembly {
  interface Module {
    readonly __brand?: 'WebAssembly.Module';
  }
  function compile(bytes: ArrayBufferView | ArrayBuffer): Promise<Module>;
}
