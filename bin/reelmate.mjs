#!/usr/bin/env node
// The installed `reelmate` command (package.json "bin"). The sources are TypeScript run through
// tsx, a runtime dependency, so there is no build step; this file is plain JavaScript so that
// its shebang is true.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../app/cli.ts');
await run(process.argv);
