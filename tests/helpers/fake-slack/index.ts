export * from './payloads.js';
export * from './server.js';
export * from './blocks.js';
export * from './stand-in-bot.js';
