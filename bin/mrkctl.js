#!/usr/bin/env node
// mrkctl without a build step: register tsx's loader, then run the TypeScript entry point.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('../cli/main.ts');
