// 手写: the kiosk's handwriting pad asks the hall server which characters its strokes are.
// Anyone may ask (the kiosk page is public); each address has its own bucket, so a stuck
// screen or a script cannot keep the one recognizer busy for the other kiosks.

import { handwritingRecognizeSchema, noInput } from '../../src/lib/commands.ts';
import type { HandwritingAnswer, HandwritingStatus } from '../../src/lib/protocol.ts';
import { fail, ok, type Result } from '../errors.ts';
import { HandwritingBusyError, HandwritingUnavailableError } from '../handwriting/recognizer.ts';
import { command } from './table.ts';

const UNAVAILABLE = '本机暂不支持手写输入，请使用拼音输入';

export const handwritingCommands = [
	command({
		name: 'handwriting:status',
		input: noInput,
		who: 'anyone',
		kind: 'read',
		run: async (_input, _caller, { handwriting }): Promise<Result<HandwritingStatus>> => ok({ available: await handwriting.available() }),
		http: { method: 'GET', path: '/api/handwriting' },
		socket: { event: 'handwriting:status' }
	}),

	command({
		name: 'handwriting:recognize',
		input: handwritingRecognizeSchema,
		who: 'anyone',
		kind: 'read',
		// A request per stroke while a character is written: generous, but one recognizer serves the hall.
		limit: { bucket: 'handwriting', key: (_input, caller) => `handwriting|${caller.address}`, message: '书写过快，请稍后再写' },
		run: async ({ strokes, width, height, limit }, _caller, { handwriting, logger }): Promise<Result<HandwritingAnswer>> => {
			try {
				const candidates = await handwriting.recognize(strokes, { width, height }, limit);
				return ok({ candidates });
			} catch (error) {
				if (error instanceof HandwritingBusyError) {
					return fail('rate_limited', '手写识别繁忙，请稍后再写', { retryAfterSeconds: 1 });
				}
				if (error instanceof HandwritingUnavailableError) {
					logger.warn({ reason: error.reason }, 'handwriting unavailable');
					return fail('handwriting_unavailable', UNAVAILABLE);
				}
				throw error;
			}
		},
		// Not the characters: residents write their names here.
		logFields: (value) => ({ candidates: value.candidates.length }),
		http: { method: 'POST', path: '/api/handwriting/recognize' },
		socket: { event: 'handwriting:recognize' }
	})
];
