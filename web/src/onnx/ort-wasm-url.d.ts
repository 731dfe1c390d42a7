// onnxruntime-web's wasm binary as an asset URL (Vite's `?url`): its package exports map hides the
// file from vite/client's `*?url` wildcard. Referenced by ort-web-runtime.ts, so that every program
// reaching that file (web/'s and the root tsconfig's, through tests) knows the module.
declare module 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url' {
  const url: string;
  export default url;
}
