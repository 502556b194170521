// The words the window terminal and the case register use where a wrong word misleads the
// resident: where a re-queued number goes after 过号, and that a registered 不予受理 is filed,
// not 办结.
import { describe, expect, it } from 'vitest';
import { caseStateKey } from './cases.ts';
import { noShowNotice } from './window.svelte.ts';
import { zhWindow } from '../i18n/window.ts';

describe('过号 notice', () => {
	it('sends a 绿色通道 number back to its own lane, still ahead of walk-ins, not to 队尾', () => {
		const text = noShowNotice({ number: 'A007', status: 'waiting', priority: 'green' });
		expect(text).toContain('绿色通道');
		expect(text).toContain('优先');
		expect(text).not.toContain('排到队尾');
	});

	it('says 排到队尾 for a walk-in, the 预约 queue for a booking, and 作废 when the number ends', () => {
		expect(noShowNotice({ number: 'A008', status: 'waiting', priority: 'normal' })).toBe('A008 已过号，排到队尾');
		expect(noShowNotice({ number: 'A009', status: 'waiting', priority: 'appointment' })).toContain('预约队列');
		expect(noShowNotice({ number: 'A010', status: 'no_show', priority: 'green' })).toContain('需重新取号');
	});
});

describe('a case\'s state', () => {
	it('reads 不予受理（已归档） for a registered refusal, never 办结', () => {
		const key = caseStateKey({ status: 'done', resolution: 'refused', urgency: 'closed' });
		expect(zhWindow[key]).toBe('不予受理（已归档）');
		expect(zhWindow[key]).not.toContain('办结');
	});

	it('reads by urgency otherwise', () => {
		expect(zhWindow[caseStateKey({ status: 'done', resolution: 'on_the_spot', urgency: 'closed' })]).toBe('已办结');
		expect(caseStateKey({ status: 'open', resolution: 'agency', urgency: 'overdue' })).toBe('window.case.urgency.overdue');
	});
});
