/**
 * The layers, enforced (`npm run lint`): no import cycles anywhere; the domain imports nothing
 * of the adapters, the HTTP edge, the handlers, the CLI, the infrastructure or the AWS SDK;
 * adapters import no handler, CLI or infrastructure; shared code imports no handler or CLI.
 * docs/architecture.md draws the same picture.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'import cycles make layers meaningless',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'the domain (shared/domain) imports only the domain and pure libraries',
      from: { path: '^shared/domain/' },
      to: {
        path: '^(shared/(adapters|http|composition)|shared/config\\.ts|shared/resources\\.ts|functions|cli|infra|bench)/?',
      },
    },
    {
      name: 'domain-no-sdk-no-io',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: {
        path: '(^|/)node_modules/(@aws-sdk|@middy|@aws-lambda-powertools|aws-lambda)/|^(node:)?(crypto|fs|net|http|https|child_process|worker_threads)$',
      },
    },
    {
      name: 'adapters-only-adapt',
      severity: 'error',
      comment: 'adapters implement ports; they import no handler, CLI, HTTP edge, composition root or infrastructure',
      from: { path: '^shared/adapters/' },
      to: { path: '^(shared/(http|composition)|functions|cli|infra|bench)/' },
    },
    {
      name: 'shared-imports-no-runtime',
      severity: 'error',
      comment: 'shared code is used by the runtimes, never the other way round',
      from: { path: '^shared/' },
      to: { path: '^(functions|cli|infra|bench|test)/' },
    },
    {
      name: 'handlers-not-cli-or-infra',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(cli|infra|bench|test)/' },
    },
    {
      name: 'infra-not-runtime',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: '^(cli|bench|test|shared/(adapters|domain/(?!calendar)))/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|cdk\\.out|\\.proxydesk|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
