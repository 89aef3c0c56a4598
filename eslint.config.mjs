// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', '.vscode-test/**', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'smart'],
      'no-restricted-syntax': [
        'error',
        { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'Render untrusted text as text: no innerHTML.' },
        { selector: "AssignmentExpression[left.property.name='outerHTML']", message: 'No outerHTML.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'No insertAdjacentHTML.' },
        { selector: "CallExpression[callee.name='eval']", message: 'No eval.' },
        { selector: "NewExpression[callee.name='Function']", message: 'No new Function.' },
      ],
    },
  },
  {
    // The pure core: no VS Code, unit-testable in plain Node.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core must not import vscode: put VS Code code in an adapter outside src/core.' }] }],
    },
  },
  {
    // Webview UI: browser only; reaches the host only through the shared protocol.
    files: ['webview-ui/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Webviews cannot use the vscode API.' }],
          patterns: [
            {
              group: ['**/src/*', '!**/src/core', '**/src/core/*', '!**/src/core/protocol', '!**/src/core/protocol/**', '!**/src/core/board', '!**/src/core/board/**', '!**/src/core/forecast', '**/src/core/forecast/*', '!**/src/core/forecast/view', '!**/src/core/forecast/view/**'],
              message: 'webview-ui may import only src/core/protocol (messages), src/core/board and src/core/forecast/view (the pure view models) from the host side.',
            },
            { group: ['node:*'], message: 'No Node modules in webviews.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Webviews have no network: use the protocol.' }, { name: 'XMLHttpRequest', message: 'No network in webviews.' }, { name: 'WebSocket', message: 'No network in webviews.' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
