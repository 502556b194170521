import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** An agent's folder may import neither the server nor the other agent. */
function agentLayer(agent, other) {
	return {
		files: [`${agent}/**/*.ts`],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['**/server/**', '**/server'], message: 'an agent reaches the server over the socket, not by import.' },
						{ group: [`**/${other}/**`], message: 'shared agent code goes to devices/.' }
					]
				}
			]
		}
	};
}

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
		// The devices package (printers, HID devices, agent command lines) serves the server and
		// both agents, so it imports none of them, nor the UI (issue 10).
		files: ['devices/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['**/server/**', '**/server', '**/src/**', '$lib', '$lib/**', '$app/**'], message: 'devices/ must not import the server or the UI.' },
						{ group: ['**/kiosk/**', '**/window-station/**'], message: 'devices/ serves the agents; it does not import them.' }
					]
				}
			]
		}
	},
	{
		// The queue core is pure: it imports the core and the contract, nothing else — no I/O,
		// no clock, no packages (issue 10). Its tests may use what they like.
		files: ['server/core/**/*.ts'],
		ignores: ['server/core/**/*.test.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: '^(?!\\./[^/]+$|\\.\\./\\.\\./src/lib/(protocol|commands)\\.ts$)',
							message: 'server/core imports only the core and the contract (src/lib/protocol.ts, src/lib/commands.ts).'
						}
					]
				}
			]
		}
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
		// The doors are generated from the command table; neither knows the other.
		files: ['server/doors/http.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)doors/socket|^\\./socket', message: 'the HTTP door must not import the socket door.' }] }] }
	},
	{
		files: ['server/doors/socket.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)doors/http|^\\./http', message: 'the socket door must not import the HTTP door.' }] }] }
	},
	// The agents talk to the hall over the socket only (types from src/lib/protocol.ts), and
	// share code through devices/, never with each other.
	agentLayer('kiosk', 'window-station'),
	agentLayer('window-station', 'kiosk'),
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'svelte/no-navigation-without-resolve': 'off'
		}
	}
);
