// `npm start`: the local stack. Grows as the stand-ins land; see README.md for what runs today.
import './polyfills.js';

console.log('mrk-control-plane local stack: no stand-in is built yet.');
