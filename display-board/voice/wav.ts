// Minimal RIFF/WAVE reader and writer for 16-bit PCM.
// The voice-pack builder writes the chime with it and the voice-pack test reads every
// committed clip with it; keeping one small parser shared by both means the test checks
// exactly the format the builder promises (and no npm dependency is needed for it).

export interface PcmAudio {
	sampleRate: number;
	channels: number;
	bitsPerSample: number;
	/** First channel only, as floats in [-1, 1]; the pack is mono anyway. */
	samples: Float32Array;
	durationMs: number;
}

function fourCC(view: DataView, at: number): string {
	return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

/** Parses a PCM WAV file; throws with a reason on anything else, so a broken clip fails loudly. */
export function parseWav(bytes: Uint8Array): PcmAudio {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (bytes.byteLength < 12 || fourCC(view, 0) !== 'RIFF' || fourCC(view, 8) !== 'WAVE') {
		throw new Error('not a RIFF/WAVE file');
	}
	let at = 12;
	let format: { audioFormat: number; channels: number; sampleRate: number; bitsPerSample: number } | null = null;
	while (at + 8 <= bytes.byteLength) {
		const id = fourCC(view, at);
		// sox and espeak sometimes write a 0x7fffffff placeholder size for streamed data; clamp it.
		const size = Math.min(view.getUint32(at + 4, true), bytes.byteLength - at - 8);
		const body = at + 8;
		if (id === 'fmt ') {
			format = {
				audioFormat: view.getUint16(body, true),
				channels: view.getUint16(body + 2, true),
				sampleRate: view.getUint32(body + 4, true),
				bitsPerSample: view.getUint16(body + 14, true)
			};
			// WAVE_FORMAT_EXTENSIBLE carries the real format code in its sub-format GUID.
			if (format.audioFormat === 0xfffe && size >= 26) format.audioFormat = view.getUint16(body + 24, true);
		} else if (id === 'data') {
			if (!format) throw new Error('data chunk before fmt chunk');
			if (format.audioFormat !== 1 || format.bitsPerSample !== 16) {
				throw new Error(`expected 16-bit PCM, got format ${format.audioFormat} with ${format.bitsPerSample} bits`);
			}
			const frameBytes = 2 * format.channels;
			const frames = Math.floor(size / frameBytes);
			const samples = new Float32Array(frames);
			for (let i = 0; i < frames; i++) samples[i] = view.getInt16(body + i * frameBytes, true) / 32768;
			return {
				sampleRate: format.sampleRate,
				channels: format.channels,
				bitsPerSample: format.bitsPerSample,
				samples,
				durationMs: (frames / format.sampleRate) * 1000
			};
		}
		at = body + size + (size % 2); // chunks are word-aligned
	}
	throw new Error('no data chunk');
}

/** Encodes mono float samples as a 16-bit PCM WAV (clamped, so an overshoot cannot wrap around). */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array {
	const dataBytes = samples.length * 2;
	const bytes = new Uint8Array(44 + dataBytes);
	const view = new DataView(bytes.buffer);
	const text = (at: number, s: string) => {
		for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i));
	};
	text(0, 'RIFF');
	view.setUint32(4, 36 + dataBytes, true);
	text(8, 'WAVE');
	text(12, 'fmt ');
	view.setUint32(16, 16, true);
	view.setUint16(20, 1, true); // PCM
	view.setUint16(22, 1, true); // mono
	view.setUint32(24, sampleRate, true);
	view.setUint32(28, sampleRate * 2, true);
	view.setUint16(32, 2, true);
	view.setUint16(34, 16, true);
	text(36, 'data');
	view.setUint32(40, dataBytes, true);
	for (let i = 0; i < samples.length; i++) {
		const s = Math.max(-1, Math.min(1, samples[i]));
		view.setInt16(44 + i * 2, Math.round(s < 0 ? s * 32768 : s * 32767), true);
	}
	return bytes;
}

/** Root-mean-square level of the samples, 0 for silence, ~0.707 for a full-scale sine. */
export function rms(samples: Float32Array): number {
	if (samples.length === 0) return 0;
	let sum = 0;
	for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
	return Math.sqrt(sum / samples.length);
}
