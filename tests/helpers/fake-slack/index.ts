export * from './payloads.js';
export * from './server.js';
