import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', 'build-*/', '.svelte-kit/', '.svelte-kit-*/', 'node_modules/', 'data/', 'test-results/', 'playwright-report/', 'bench/results/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		// Tests read JSON answers whose shape the assertions themselves check.
		files: ['tests/**/*.ts', '**/*.test.ts', 'bench/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' }
	},
	{
		// The screens talk to the hall only through the contract (src/lib/protocol.ts) and the
		// API; nothing of the server reaches src/, not even types. Any path that walks into a
		// server/ folder (relative, $lib/.., an absolute or aliased path) is refused; SvelteKit's
		// own `$app/server` is not the hall server.
		files: ['src/**/*.ts', 'src/**/*.js', 'src/**/*.svelte'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: String.raw`^(?!\$app/server$)(?:.*/)?server(?:/|$)`,
							message: 'src/ may not import server/ (not even types): use the contract in src/lib/protocol.ts.'
						}
					]
				}
			],
			'no-restricted-syntax': [
				'error',
				{
					selector: String.raw`ImportExpression[source.value=/^(?!\$app\x2Fserver$)(?:.*\x2F)?server(?:\x2F|$)/]`,
					message: 'src/ may not import server/: use the contract in src/lib/protocol.ts.'
				}
			]
		}
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'svelte/no-navigation-without-resolve': 'off'
		}
	}
);
