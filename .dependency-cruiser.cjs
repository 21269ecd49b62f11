/**
 * The import graph is the architecture (see the README's layout): `npm run check:deps` fails on
 * a cycle or on an import that goes up a layer. From the bottom:
 *   src/util, src/config        shared helpers (Result, logging, text), the environment
 *   src/db                      schema and repositories (the only drizzle user)
 *   src/nlp                     text -> meaning, pure
 *   src/catalog                 titles and people over nlp; MovieLens import
 *   src/recommender, src/party  algorithms, serving, group strategies (implement src/core/ports.ts)
 *   src/core                    the kernel: conversation model, cards, viewer, titles, payload codec
 *   src/features/<name>         one folder per feature: command, intent words, buttons
 *   src/features/index.ts       the registry: lists the features, derives everything else
 *   src/bot                     the Bot: routing, button dispatch, references (over the registry)
 *   adapters/*                  Discord, Slack, playground, HTTP API
 *   app/                        composition root: main.ts and the CLI
 * Type-only imports count: a cycle of types is still a cycle for the reader.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make the load order fragile and the layers meaningless; split the shared part out.',
      from: { path: '^(src|adapters|app)/' },
      to: { circular: true },
    },
    {
      name: 'src-not-to-adapters-or-app',
      severity: 'error',
      comment: 'src/ is platform-neutral: it never imports an adapter or the composition root.',
      from: { path: '^src/' },
      to: { path: '^(adapters|app)/' },
    },
    {
      name: 'adapters-not-to-app',
      severity: 'error',
      comment: 'Adapters are wired by the composition root, never the other way round.',
      from: { path: '^adapters/' },
      to: { path: '^app/' },
    },
    {
      name: 'adapters-not-to-each-other',
      severity: 'error',
      comment: 'One platform never reaches into another; shared code goes into src/.',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'no-platform-sdk-in-src',
      severity: 'error',
      comment: 'Ports and adapters: the SDKs belong to adapters/.',
      from: { path: '^src/' },
      to: { path: 'node_modules/(discord\\.js|@discordjs|@slack/bolt)' },
    },
    {
      name: 'drizzle-only-in-db',
      severity: 'error',
      comment: 'Queries live in the repositories; everything else asks them.',
      from: { path: '^(src|adapters|app)/', pathNot: '^src/db/' },
      to: { path: 'node_modules/drizzle-orm' },
    },
    {
      name: 'libraries-not-to-core',
      severity: 'error',
      comment: 'The libraries sit below the core; they may only implement its ports (src/core/ports.ts).',
      from: { path: '^src/(util|db|nlp|catalog|recommender|party)/' },
      to: { path: '^src/core/', pathNot: '^src/core/ports\\.ts$' },
    },
    {
      name: 'core-below-features',
      severity: 'error',
      comment: 'The kernel knows no feature: features plug in through the registry (buttons, commands, intent rules).',
      from: { path: '^src/core/' },
      to: { path: '^src/(features|bot|jobs|roles)/' },
    },
    {
      name: 'libraries-below-features',
      severity: 'error',
      comment: 'The libraries sit below the features and the bot.',
      from: { path: '^src/(util|db|nlp|catalog|recommender|party|insights|experiments)/' },
      to: { path: '^src/(features|bot)/' },
    },
    {
      name: 'features-below-bot',
      severity: 'error',
      comment: 'Features are driven by the bot, never the other way round.',
      from: { path: '^src/features/' },
      to: { path: '^src/bot/' },
    },
    {
      name: 'features-not-to-registry',
      severity: 'error',
      comment: 'A feature never imports the registry that lists it (it may use another feature\'s module directly).',
      from: { path: '^src/features/[^/]+/' },
      to: { path: '^src/features/index\\.ts$' },
    },
    {
      name: 'nlp-is-pure',
      severity: 'error',
      comment: 'The parser needs no database, catalogue loader, recommender, party or bot code; the features bring their words to it.',
      from: { path: '^src/nlp/' },
      to: { path: '^src/(db|catalog|recommender|party|core|features|bot)/' },
    },
    {
      name: 'util-is-the-bottom',
      severity: 'error',
      comment: 'Shared helpers import nothing of the project but the configuration.',
      from: { path: '^src/util/' },
      to: { path: '^src/', pathNot: '^src/(util/|config\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
