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
