// Vitest setup for every project: the same polyfills the local entry points load.
import '../local/polyfills.js';
