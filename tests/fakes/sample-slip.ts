/**
 * A small ESC/POS slip built by hand for the device tests: a title and the number in
 * GB18030, a QR code carrying a status URL, and a partial cut. The devices package never
 * renders slips (the server does), so its tests carry bytes of their own, written here
 * independently of the server's encoder.
 */
import iconv from 'iconv-lite';

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

function qrFunction(fn: number, params: number[]): number[] {
	const length = params.length + 2;
	return [GS, 0x28, 0x6b, length & 0xff, length >> 8, 49, fn, ...params];
}

export interface SampleSlip {
	bytes: Uint8Array;
	svg: string;
}

export function sampleSlip(number: string, statusUrl = `https://hall.example.cn/t/${number}`): SampleSlip {
	const data = [...new TextEncoder().encode(statusUrl)];
	const bytes = [
		ESC, 0x40,
		...iconv.encode('滨江街道党群服务中心', 'gb18030'), LF,
		...iconv.encode(number, 'gb18030'), LF,
		...qrFunction(65, [50, 0]),
		...qrFunction(80, [48, ...data]),
		...qrFunction(81, [48]),
		LF,
		GS, 0x56, 66, 3
	];
	const svg = `<svg xmlns="http://www.w3.org/2000/svg"><text>${number}</text></svg>`;
	return { bytes: Uint8Array.from(bytes), svg };
}
