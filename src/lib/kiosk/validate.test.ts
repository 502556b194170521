import { describe, expect, it } from 'vitest';
import { checkComplaint, checkObjection, isValid } from './validate.ts';

describe('checkObjection', () => {
	it('asks for every field, and a phone number that is one', () => {
		expect(checkObjection({ name: ' ', phone: '', content: '' })).toEqual({ name: 'required', phone: 'required', content: 'required' });
		expect(checkObjection({ name: '张三', phone: '12ab', content: '有异议' })).toEqual({ phone: 'phone' });
		expect(isValid(checkObjection({ name: '张三', phone: '0571-87654321', content: '有异议' }))).toBe(true);
		expect(checkObjection({ name: '张'.repeat(21), phone: '13800138000', content: 'x' })).toEqual({ name: 'tooLong' });
	});
});

describe('checkComplaint', () => {
	it('needs a category and content; contact details are optional but checked when given', () => {
		expect(checkComplaint({ category: null, content: '', contactName: '', contactPhone: '' })).toEqual({
			category: 'required',
			content: 'required'
		});
		expect(isValid(checkComplaint({ category: 'suggestion', content: '很好', contactName: '', contactPhone: '' }))).toBe(true);
		expect(checkComplaint({ category: 'praise', content: '很好', contactName: '', contactPhone: '123' })).toEqual({ contactPhone: 'phone' });
	});
});
