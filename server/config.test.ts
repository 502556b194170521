import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DEMO_HALL_PATH, hallFileSchema, readinessProblems, type HallFile } from './config.ts';

function realHall(change: (file: HallFile) => void = () => {}): HallFile {
	const file = hallFileSchema.parse(JSON.parse(readFileSync(DEMO_HALL_PATH, 'utf8')));
	file.demoStaff = false;
	file.publicUrl = 'https://jiaohao.example.org';
	file.stations = file.stations.map((s) => (s.agentKey ? { ...s, agentKey: `k-${s.id}-Vq8pZr3xT1wLm9Ab` } : s));
	change(file);
	return file;
}

describe('a real hall is ready to start', () => {
	it('with random station keys and a public address', () => {
		expect(readinessProblems(realHall())).toEqual([]);
	});

	it('not with a demo key, a change-me key or a short key: one line naming each station', () => {
		const demo = JSON.parse(readFileSync(DEMO_HALL_PATH, 'utf8')) as HallFile;
		const problems = readinessProblems(
			realHall((file) => {
				file.stations[0].agentKey = demo.stations[0].agentKey;
				file.stations[1].agentKey = 'our-kiosk-2-key-CHANGE-ME-please';
				file.stations[3].agentKey = 'short-key';
			})
		);
		expect(problems).toHaveLength(3);
		expect(problems[0]).toMatch(/^station K1: agentKey is the demo hall's key/);
		expect(problems[1]).toMatch(/^station K2: agentKey contains "change-me"/);
		expect(problems[2]).toMatch(/^station W3: agentKey is shorter than 16 characters/);
		expect(problems.every((p) => !p.includes('\n'))).toBe(true);
	});

	it('not without publicUrl (the QR on the slip would come from the Host header)', () => {
		expect(readinessProblems(realHall((file) => (file.publicUrl = null)))).toEqual([expect.stringContaining('publicUrl is required')]);
	});

	it('the demo hall itself is exempt', () => {
		expect(readinessProblems(hallFileSchema.parse(JSON.parse(readFileSync(DEMO_HALL_PATH, 'utf8'))))).toEqual([]);
	});
});
