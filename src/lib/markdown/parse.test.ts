import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LINK_URL, MEDIA_PATH, markdownToText, parseMarkdown, type Block, type Inline } from './parse.ts';

const SHA = 'ab'.repeat(32);
const IMAGE = `/media/${SHA}.png`;

/** Every node of the tree, blocks and inlines, depth first. */
function* walk(nodes: (Block | Inline)[]): Generator<Block | Inline> {
	for (const node of nodes) {
		yield node;
		if ('c' in node && Array.isArray(node.c)) yield* walk(node.c as (Block | Inline)[]);
		if (node.t === 'list') {
			for (const item of node.items) {
				yield* walk(item.c);
				if (item.sub) yield* walk([item.sub]);
			}
		}
		if (node.t === 'table') for (const row of [node.head, ...node.rows]) for (const cell of row) yield* walk(cell);
	}
}

const nodesOf = (source: string) => [...walk(parseMarkdown(source))];
const images = (source: string) => nodesOf(source).filter((n) => n.t === 'img');
const links = (source: string) => nodesOf(source).filter((n) => n.t === 'link');
/** All the text the screen would show (texts, codes, alts and shown URLs). */
const shown = (source: string) => markdownToText(source);

const KEYS = new Set(['t', 'c', 'v', 'level', 'src', 'alt', 'url', 'ordered', 'start', 'items', 'head', 'rows']);

/** Nodes carrying an address outside the two allowed forms, or any unexpected field. */
function unsafeNodes(blocks: Block[]): (Block | Inline)[] {
	return [...walk(blocks)].filter(
		(node) =>
			(node.t === 'img' && !MEDIA_PATH.test(node.src)) ||
			(node.t === 'link' && !LINK_URL.test(node.url)) ||
			Object.keys(node).some((key) => !KEYS.has(key))
	);
}

function assertSafe(blocks: Block[]): void {
	expect(unsafeNodes(blocks)).toEqual([]);
}

describe('parseMarkdown: the subset', () => {
	it('parses headings, paragraphs, line breaks and emphasis', () => {
		expect(parseMarkdown('# 一\n## 二\n### 三\n#### 四')).toEqual([
			{ t: 'h', level: 1, c: [{ t: 'text', v: '一' }] },
			{ t: 'h', level: 2, c: [{ t: 'text', v: '二' }] },
			{ t: 'h', level: 3, c: [{ t: 'text', v: '三' }] },
			{ t: 'h', level: 3, c: [{ t: 'text', v: '四' }] }
		]);
		expect(parseMarkdown('甲 **乙** *丙* `丁`\n戊\n\n己')).toEqual([
			{
				t: 'p',
				c: [
					{ t: 'text', v: '甲 ' },
					{ t: 'strong', c: [{ t: 'text', v: '乙' }] },
					{ t: 'text', v: ' ' },
					{ t: 'em', c: [{ t: 'text', v: '丙' }] },
					{ t: 'text', v: ' ' },
					{ t: 'code', v: '丁' },
					{ t: 'br' },
					{ t: 'text', v: '戊' }
				]
			},
			{ t: 'p', c: [{ t: 'text', v: '己' }] }
		]);
	});

	it('parses bullet and numbered lists with one nested level', () => {
		const [list] = parseMarkdown('- 身份证\n- 户口簿\n  1. 原件\n  2. 复印件\n- 照片');
		expect(list).toMatchObject({ t: 'list', ordered: false, items: [{}, { sub: { ordered: true, items: [{}, {}] } }, {}] });
		const [numbered] = parseMarkdown('3. 三\n4. 四');
		expect(numbered).toMatchObject({ t: 'list', ordered: true, start: 3 });
		expect(markdownToText('- 甲\n- 乙')).toBe('• 甲\n• 乙');
	});

	it('parses quotes, rules and pipe tables', () => {
		expect(parseMarkdown('> 注意\n> 事项\n\n---')).toEqual([
			{ t: 'quote', c: [{ t: 'p', c: [{ t: 'text', v: '注意' }, { t: 'br' }, { t: 'text', v: '事项' }] }] },
			{ t: 'hr' }
		]);
		const [table] = parseMarkdown('| 材料 | 份数 |\n|---|:-:|\n| 身份证 | 1 |\n| 照片 |');
		expect(table).toMatchObject({ t: 'table', head: [[{ v: '材料' }], [{ v: '份数' }]], rows: [[[{ v: '身份证' }], [{ v: '1' }]], [[{ v: '照片' }], []]] });
	});

	it('keeps same-origin media images and http(s) links', () => {
		expect(images(`![流程图](${IMAGE})`)).toEqual([{ t: 'img', src: IMAGE, alt: '流程图' }]);
		expect(images(`![a](/media/${SHA}.jpg) ![b](/media/${SHA}.webp) ![c](/media/${SHA}.gif)`)).toHaveLength(3);
		expect(links('[政务网](https://www.gov.cn/a?b=1)')).toEqual([{ t: 'link', c: [{ t: 'text', v: '政务网' }], url: 'https://www.gov.cn/a?b=1' }]);
		expect(shown('见[政务网](http://gov.cn)')).toBe('见政务网 (http://gov.cn)');
	});

	it('leaves masked names and phone numbers alone', () => {
		const source = '公示对象：张*明、李*、王*华，电话 138****1234';
		expect(nodesOf(source).filter((n) => n.t === 'em' || n.t === 'strong')).toHaveLength(0);
		expect(shown(source)).toBe(source);
		expect(shown('这是**重点**内容')).toBe('这是重点内容');
		expect(shown('欧\\*\\*明、司马\\*\\*光')).toBe('欧**明、司马**光');
	});

	it('backslash escapes and unclosed markers stay literal', () => {
		expect(shown('\\*不是斜体\\*')).toBe('*不是斜体*');
		expect(shown('**未闭合 *也未闭合 `代码')).toBe('**未闭合 *也未闭合 `代码');
		expect(shown('[未闭合(https://x.cn)')).toBe('[未闭合(https://x.cn)');
		expect(shown('![未闭合](')).toBe('![未闭合](');
		expect(shown('2 * 3 * 4')).toBe('2 * 3 * 4');
	});
});

describe('parseMarkdown: hostile input is text', () => {
	const hostile = [
		'<script>alert(1)</script>',
		'<img src=x onerror=alert(1)>',
		'<a href="javascript:alert(1)">x</a>',
		'<svg onload=alert(1)>',
		'<iframe src="https://evil.example"></iframe>',
		'"><img src=x onerror=alert(1)>',
		'<style>body{display:none}</style>'
	];
	for (const source of hostile) {
		it(`shows ${source} literally`, () => {
			expect(shown(source)).toBe(source);
			expect(images(source)).toEqual([]);
			expect(links(source)).toEqual([]);
		});
	}

	const badLinks = [
		'javascript:alert(1)',
		'JaVaScRiPt:alert(1)',
		'java\tscript:alert(1)',
		'java%0Ascript:alert(1)',
		'&#106;avascript:alert(1)',
		'&#x6A;avascript:alert(1)',
		'javascript&colon;alert(1)',
		' javascript:alert(1)',
		'\u0001javascript:alert(1)',
		'data:text/html,<script>alert(1)</script>',
		'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
		'vbscript:msgbox(1)',
		'VBScript:msgbox(1)',
		'//evil.example/x',
		'/console',
		'file:///etc/passwd',
		'<javascript:alert(1)>',
		'https://x.cn"onmouseover="alert(1)',
		'http://x.cn/<script>'
	];
	for (const url of badLinks) {
		it(`drops the link address ${JSON.stringify(url)}`, () => {
			const source = `[点这里](${url})`;
			for (const link of links(source)) expect(link.url).toMatch(LINK_URL);
			expect(links(source).some((l) => l.url.toLowerCase().includes('script'))).toBe(false);
			expect(shown(source)).toContain('点这里');
			assertSafe(parseMarkdown(source));
		});
		it(`drops the image source ${JSON.stringify(url)}`, () => {
			const source = `![示意图](${url})`;
			expect(images(source)).toEqual([]);
			expect(shown(source)).toContain('示意图');
		});
	}

	it('refuses images outside /media/<sha256>.<raster>', () => {
		for (const src of [
			'http://evil.example/a.png',
			'https://evil.example/a.png',
			'//evil.example/a.png',
			`/media/${SHA}.svg`,
			`/media/${SHA}.png?x=1`,
			`/media/${SHA.toUpperCase()}.png`,
			`/media/${SHA.slice(2)}.png`,
			`/media/../api/${SHA}.png`,
			`/MEDIA/${SHA}.png`,
			`/media/${SHA}.PNG`,
			`data:image/png;base64,iVBORw0KGgo=`
		]) {
			expect(images(`![x](${src})`)).toEqual([]);
		}
	});

	it('handles nested brackets and images in links without leaking addresses', () => {
		assertSafe(parseMarkdown('[[x](javascript:alert(1))](https://ok.cn)'));
		assertSafe(parseMarkdown(`[![a](${IMAGE})](javascript:alert(1))`));
		expect(images(`[![a](${IMAGE})](javascript:alert(1))`)).toHaveLength(1);
		assertSafe(parseMarkdown('![[x](javascript:alert(1))](javascript:alert(1))'));
		assertSafe(parseMarkdown('[a](https://ok.cn)(javascript:alert(1))'));
		expect(shown('![x](javascript:alert(1))')).toBe('x');
		expect(shown('[y](javascript:alert(1)) z')).toBe('y z');
	});

	// No stopwatch here (shared machines are noisy): a quadratic blow-up on these inputs takes
	// minutes and runs into the test's own timeout, while the bounded parser takes about a second.
	it('finishes on pathological input with a safe tree and some text', { timeout: 60_000 }, () => {
		for (const source of ['['.repeat(20_000), '*a'.repeat(10_000), '![a'.repeat(7_000), '> '.repeat(10_000), '- a\n  - b\n'.repeat(2_000), '`'.repeat(20_000)]) {
			const blocks = parseMarkdown(source);
			assertSafe(blocks);
			expect(markdownToText(source).length).toBeGreaterThan(0);
		}
	});
});

describe('parseMarkdown: properties', () => {
	const pieces = fc.constantFrom(
		'*', '**', '`', '[', ']', '(', ')', '!', '\\', '#', '# ', '> ', '- ', '1. ', '  ', '\n', '\n\n', '|', '---', '\t',
		'<', '>', '"', "'", '&#', ';', ':', 'javascript:', 'JAVASCRIPT:', 'data:', 'vbscript:', 'http://', 'https://', '//',
		'/media/', SHA, '.png', '.svg', 'alert(1)', 'onerror=', '<img src=x ', '<script>', '中', 'a', ' '
	);
	const markdownish = fc.oneof(fc.string({ maxLength: 200 }), fc.array(pieces, { maxLength: 80 }).map((p) => p.join('')));

	it('never throws, and every address in the tree is a media path or an http(s) URL', () => {
		fc.assert(
			fc.property(markdownish, (source) => {
				const blocks = parseMarkdown(source);
				assertSafe(blocks);
				expect(typeof markdownToText(source)).toBe('string');
			}),
			{ numRuns: 2_000 }
		);
	});

	it('plain text without markup characters comes back unchanged', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[a-z0-9\u4e00-\u4e20，。]+( [a-z0-9\u4e00-\u4e20，。]+)*$/), (source) => {
				expect(markdownToText(source)).toBe(source);
			})
		);
	});
});
