import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'var/**', '.tmp/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // solver/ is a pure library: no HTTP, no logging, no threads, no I/O, no process globals.
    files: ['solver/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['fastify', 'fastify/*', '@fastify/*', 'pino', 'piscina', 'better-sqlite3', 'bullmq', 'ioredis'], message: 'solver/ must stay pure' },
          { group: ['node:*', 'fs', 'path', 'http', 'worker_threads', 'child_process'], message: 'solver/ does no I/O and uses no threads' },
          { group: ['../src/*', '../../src/*'], message: 'solver/ never imports from src/' },
        ],
      }],
      'no-restricted-globals': ['error', 'process'],
    },
  },
);
