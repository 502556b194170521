import { describe, expect, it } from 'vitest';
import { maskName, maskPhone } from './mask.ts';

describe('masking personal data', () => {
	it('masks names as halls do', () => {
		expect(maskName('张三明')).toBe('张*明');
		expect(maskName('张三')).toBe('张*');
		expect(maskName('欧阳小明')).toBe('欧**明');
		expect(maskName('张')).toBe('*');
		expect(maskName('')).toBe('');
	});
	it('masks phone numbers', () => {
		expect(maskPhone('13812341234')).toBe('138****1234');
		expect(maskPhone('138-1234-1234')).toBe('138****1234');
		expect(maskPhone('0571-88887777')).toBe('057****7777');
		expect(maskPhone('12345')).toBe('*2345');
	});
});
