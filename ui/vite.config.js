import { defineConfig } from 'vite';

// A static app: `vite build` writes dist/, `vite preview` serves it on 127.0.0.1.
export default defineConfig({
  base: './',
  build: {
    target: 'es2022', // BigInt and top-level await, which @polkadot/api needs
    chunkSizeWarningLimit: 2500, // @polkadot/api with its wasm crypto is ~1 MB minified
    rollupOptions: {
      onwarn(warning, warn) {
        // @polkadot/x-global carries a /*#__PURE__*/ rollup cannot place; harmless.
        if (warning.code === 'INVALID_ANNOTATION' && /node_modules/.test(warning.id ?? '')) return;
        warn(warning);
      },
      output: {
        manualChunks: { polkadot: ['@polkadot/api', '@polkadot/keyring', '@polkadot/util-crypto', '@polkadot/util'], chart: ['chart.js'] },
      },
    },
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
});
