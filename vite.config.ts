import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { hallDevServer } from './server/dev-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), hallDevServer()],
	test: {
		include: [
			'server/**/*.test.ts',
			'src/**/*.test.ts',
			'devices/**/*.test.ts',
			'kiosk/**/*.test.ts',
			'window-station/**/*.test.ts',
			'display-board/**/*.test.ts',
			'tests/integration/**/*.test.ts',
			'tests/unit/**/*.test.ts'
		],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 30_000
	}
});
