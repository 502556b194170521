import { describe, expect, it } from 'vitest';
import { emptyDraft, fromLocalInput, serverFieldErrors, toCaseInput, toLocalInput, validateCase } from './cases.ts';

describe('case form rules (登记备案)', () => {
	it('names every missing required field', () => {
		expect(validateCase(emptyDraft())).toEqual({
			personName: 'window.case.err.name',
			personPhone: 'window.case.err.phone',
			content: 'window.case.err.content',
			resolution: 'window.case.err.resolution'
		});
	});

	it('checks the phone number and the deadline, and counts a name in characters', () => {
		const draft = { ...emptyDraft(), personName: '欧阳'.repeat(10), personPhone: '138-1234 1234', content: '咨询', resolution: 'agency' as const };
		expect(validateCase(draft)).toEqual({});
		expect(validateCase({ ...draft, personName: '欧'.repeat(21) })).toEqual({ personName: 'window.case.err.nameLong' });
		expect(validateCase({ ...draft, personPhone: '电话' })).toEqual({ personPhone: 'window.case.err.phoneFormat' });
		for (const days of ['366', '-1', '2.5', 'abc']) {
			expect(validateCase({ ...draft, timeLimitDays: days }), days).toEqual({ timeLimitDays: 'window.case.err.days' });
		}
		expect(validateCase({ ...draft, timeLimitDays: '0' })).toEqual({});
	});

	it('sends only what was given, trimmed; an empty deadline means the service’s own', () => {
		const draft = {
			...emptyDraft(),
			ticketId: 't1',
			serviceId: 'assistance',
			personName: ' 张三 ',
			personPhone: ' 13812341234 ',
			content: ' 申请帮扶 ',
			resolution: 'agency' as const,
			missingMaterials: ['家庭收入证明或低保证明']
		};
		expect(toCaseInput(draft)).toEqual({
			ticketId: 't1',
			serviceId: 'assistance',
			personName: '张三',
			personPhone: '13812341234',
			content: '申请帮扶',
			resolution: 'agency',
			missingMaterials: ['家庭收入证明或低保证明']
		});
		expect(toCaseInput({ ...draft, timeLimitDays: '5', ticketId: null, missingMaterials: [] })).not.toHaveProperty('ticketId');
		expect(toCaseInput({ ...draft, timeLimitDays: '5' }).timeLimitDays).toBe(5);
	});

	it("maps the server's Chinese per-field messages back onto the fields, not zod's English ones", () => {
		const fields = serverFieldErrors({
			code: 'bad_request',
			message: '请求内容不正确',
			details: {
				issues: [
					{ path: 'personName', message: '请填写姓名' },
					{ path: 'resolution', message: 'Invalid option' },
					{ path: 'other', message: '别的' }
				]
			}
		});
		expect(fields).toEqual({ personName: '请填写姓名' });
	});

	it('round-trips a datetime-local value', () => {
		const ms = new Date(2026, 10, 26, 14, 5).getTime();
		expect(toLocalInput(ms)).toBe('2026-11-26T14:05');
		expect(fromLocalInput(toLocalInput(ms))).toBe(ms);
		expect(fromLocalInput('')).toBeNull();
	});
});
