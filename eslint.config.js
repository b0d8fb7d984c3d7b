// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Lint rules, run by `npm test` (`npm run lint`). Layers and import cycles are checked by
 * dependency-cruiser (.dependency-cruiser.cjs); these rules keep each layer's code honest:
 * the domain reads no clock, no environment and no randomness of its own, and only
 * shared/config.ts reads process.env. A rule you want to break is a design question.
 */
const DOMAIN_FORBIDDEN_IMPORTS = {
  patterns: [
    {
      group: ['@aws-sdk/*', '@middy/*', '@aws-lambda-powertools/*', 'aws-lambda'],
      message: 'the domain imports no AWS SDK, middy or Lambda code: take a port',
    },
    {
      group: [
        'node:crypto',
        'crypto',
        'node:fs',
        'node:fs/*',
        'fs',
        'node:net',
        'node:http',
        'node:https',
        'node:worker_threads',
        'node:child_process',
      ],
      message: 'the domain does no I/O and draws no randomness: take a port (or use @noble/hashes for a stable digest)',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'cdk.out/',
      '.proxydesk/',
      'coverage/',
      '.scratch/',
      'test/infra/__snapshots__/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        globalThis: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      'max-len': ['error', { code: 160, ignoreUrls: true, ignoreRegExpLiterals: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'read configuration through shared/config.ts (the one place process.env is read)',
        },
      ],
    },
  },
  {
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', DOMAIN_FORBIDDEN_IMPORTS],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'the domain reads no clock: take `now` from the injected clock',
        },
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'the domain reads no clock: take `now` from the injected clock',
        },
        {
          selector: 'CallExpression[callee.name=/^(setTimeout|setInterval)$/]',
          message: 'the domain does not wait: take a `sleep`/retry policy port',
        },
        {
          selector: "MemberExpression[property.name='randomUUID']",
          message: 'the domain draws no ids itself: take an `ids` port',
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'the domain draws no randomness itself: take a seeded source or a port',
        },
      ],
    },
  },
  {
    // The one reader of the environment, and the places outside the product's layers that set up a process.
    files: [
      'shared/config.ts',
      'bench/**',
      'test/**',
      'infra/app.ts',
      'infra/build.ts',
      'vitest.config.ts',
      'bin/proxydesk.js',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
  },
);
