// Entry of a scoring worker thread (plain JavaScript, so it starts under node, tsx and vitest
// alike). The worker itself is TypeScript: under `tsx` the thread inherits tsx's loader;
// elsewhere (vitest's forks, plain node) tsx's ESM hooks are registered here first. The second
// import names the module differently: a failed import stays failed under its first name.
try {
  await import('./worker.ts');
} catch (e) {
  if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
  const { register } = await import('tsx/esm/api');
  register();
  await import('./worker.ts?with-tsx');
}
