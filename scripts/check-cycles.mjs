// Fails when modules of server/, src/lib/ or devices/ import each other in a circle (type
// imports included: a circle of types is still two modules that cannot be understood apart).
// Part of `npm run lint`, beside ESLint's layer rules (eslint.config.js).

import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const scanned = ['server', 'src/lib', 'devices'];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]/g;

function files(dir) {
	const out = [];
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) out.push(...files(path));
		else if (/\.(ts|js|svelte)$/.test(name) && !/\.test\.ts$/.test(name)) out.push(path);
	}
	return out;
}

function scriptOf(path) {
	const text = readFileSync(path, 'utf8');
	if (!path.endsWith('.svelte')) return text;
	return [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

function resolveImport(from, spec) {
	let target;
	if (spec.startsWith('$lib/')) target = join(root, 'src/lib', spec.slice(5));
	else if (spec.startsWith('.')) target = resolve(dirname(from), spec);
	else return null;
	for (const candidate of [target, `${target}.ts`, join(target, 'index.ts')]) {
		if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
	}
	return null;
}

const all = scanned.filter((d) => existsSync(join(root, d))).flatMap((d) => files(join(root, d)));
const graph = new Map(all.map((file) => [file, new Set()]));
for (const file of all) {
	for (const match of scriptOf(file).matchAll(IMPORT)) {
		const target = resolveImport(file, match[1]);
		if (target && graph.has(target) && target !== file) graph.get(file).add(target);
	}
}

// Tarjan's strongly connected components: every component of more than one module is a circle.
let index = 0;
const stack = [];
const info = new Map();
const circles = [];
function connect(v) {
	info.set(v, { index, low: index, onStack: true });
	index++;
	stack.push(v);
	for (const w of graph.get(v)) {
		if (!info.has(w)) {
			connect(w);
			info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
		} else if (info.get(w).onStack) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
	}
	if (info.get(v).low === info.get(v).index) {
		const component = [];
		let w;
		do {
			w = stack.pop();
			info.get(w).onStack = false;
			component.push(w);
		} while (w !== v);
		if (component.length > 1) circles.push(component);
	}
}
for (const v of graph.keys()) if (!info.has(v)) connect(v);

if (circles.length > 0) {
	for (const circle of circles) console.error(`import circle: ${circle.map((f) => relative(root, f)).join(' ↔ ')}`);
	process.exit(1);
}
console.log(`no import circles among ${all.length} modules of ${scanned.join(', ')}`);
