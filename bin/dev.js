#!/usr/bin/env node
// Same entry point as run.js; kept for oclif's conventions. Build first: npm run build.
await import('./run.js')
