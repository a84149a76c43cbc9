#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the command works straight after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli.ts');
await run(process.argv.slice(2));
