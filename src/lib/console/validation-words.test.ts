import { describe, expect, it } from 'vitest';
import { fieldLabel, issueLine, issueText } from './validation-words.ts';

describe('field labels', () => {
	it('names list items by what they are and fields by their console label', () => {
		expect(fieldLabel(['services', 0, 'name'])).toBe('服务事项 1 · 名称');
		expect(fieldLabel(['services', 2, 'guide', 'materials', 1])).toBe('服务事项 3 · 办事指南 · 材料 2');
		expect(fieldLabel(['stations', 1, 'agentKey'])).toBe('终端 2 · 接入密钥');
		expect(fieldLabel(['people', 0, 'role'])).toBe('值班人员 1 · 角色');
		expect(fieldLabel(['name'])).toBe('姓名');
		expect(fieldLabel([])).toBe('');
	});
});

describe('issue text', () => {
	const base = { path: ['title'], message: 'Too small: expected string to have >=1 characters' };
	it('says what is wrong in Chinese', () => {
		expect(issueText({ ...base, code: 'too_small', origin: 'string', minimum: 1 })).toBe('不能为空');
		expect(issueText({ ...base, code: 'too_small', origin: 'string', minimum: 8 })).toBe('至少 8 个字');
		expect(issueText({ ...base, code: 'too_big', origin: 'string', maximum: 20 })).toBe('不能超过 20 个字');
		expect(issueText({ ...base, code: 'too_big', origin: 'number', maximum: 72 })).toBe('不能大于 72');
		expect(issueText({ ...base, code: 'invalid_type', expected: 'string', message: 'Invalid input: expected string, received undefined' })).toBe('必须填写');
		expect(issueText({ ...base, code: 'invalid_value', values: ['leader', 'member'], message: 'Invalid option' })).toBe('请从可选项中选择');
		expect(issueText({ ...base, code: 'invalid_value', values: [58, 80], message: 'Invalid option' })).toBe('只能是 58、80 之一');
	});
	it('keeps a schema’s own Chinese message', () => {
		expect(issueLine({ code: 'custom', path: ['publishTo'], message: '公示结束日期不能早于开始日期' })).toBe('公示结束日期：公示结束日期不能早于开始日期');
	});
});
