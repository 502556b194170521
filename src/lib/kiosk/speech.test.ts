import { describe, expect, it } from 'vitest';
import { pickVoice, sentences, spellNumber } from './speech.ts';

const voice = (lang: string, name = lang, localService = true) => ({ lang, name, localService });

describe('pickVoice', () => {
	it('takes a Mandarin voice for Chinese, preferring zh-CN and local voices', () => {
		expect(pickVoice([voice('en-US'), voice('zh-TW'), voice('zh-CN')], 'zh-CN')?.lang).toBe('zh-CN');
		expect(pickVoice([voice('zh_CN', 'remote', false), voice('zh-CN', 'local')], 'zh-CN')?.name).toBe('local');
		expect(pickVoice([voice('cmn-Hans-CN')], 'zh-CN')?.lang).toBe('cmn-Hans-CN');
	});

	it('never reads Chinese with a Cantonese or an English voice', () => {
		expect(pickVoice([voice('zh-HK'), voice('yue-Hant-HK'), voice('en-GB')], 'zh-CN')).toBeNull();
		expect(pickVoice([], 'zh-CN')).toBeNull();
	});

	it('takes an English voice for English', () => {
		expect(pickVoice([voice('zh-CN'), voice('en-AU'), voice('en-US')], 'en')?.lang).toBe('en-US');
		expect(pickVoice([voice('zh-CN')], 'en')).toBeNull();
	});
});

describe('what is read', () => {
	it('spells a ticket number sign by sign', () => {
		expect(spellNumber('A012')).toBe('A 0 1 2');
	});

	it('joins sentences with the language’s full stop, skipping empty parts', () => {
		expect(sentences(['请选择要办理的业务。', null, '', '也可以点击办事指南'], 'zh-CN')).toBe('请选择要办理的业务。也可以点击办事指南');
		expect(sentences(['Choose a service.', false, 'Or read the guide'], 'en')).toBe('Choose a service. Or read the guide');
	});
});
