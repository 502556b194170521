import { describe, expect, it } from 'vitest';
import { exchangeStatus, faultFromError, type StatusChannel, type StatusRead } from './status-exchange.ts';
import { faultStatus, unknownStatus, type StatusReplies } from './status.ts';
import type { TransportError } from './transport-common.ts';

const ONLINE = 0x12; // n=1: bits 1 and 4 set, bit 3 clear
const PAPER_OUT = 0x12 | 0x60; // n=4: roll end

/** A channel that answers each request with the next scripted read, and records what was asked. */
function scripted(reads: StatusRead[], sendError?: { at: number; error: TransportError }) {
	const asked: number[] = [];
	const malformed: StatusReplies[] = [];
	const channel: StatusChannel = {
		async send(request) {
			asked.push(request[2]);
			return sendError && sendError.at === asked.length ? sendError.error : null;
		},
		async read() {
			return reads.shift() ?? 'silent';
		},
		silent: () => unknownStatus('no back channel'),
		malformed: (replies) => {
			malformed.push(replies);
			return faultStatus('offline', 'garbage');
		}
	};
	return { channel, asked, malformed };
}

describe('the DLE EOT exchange', () => {
	it('asks 1, 2 and 4 and combines the replies', async () => {
		const { channel, asked } = scripted([ONLINE, ONLINE, PAPER_OUT]);
		expect(await exchangeStatus(channel)).toMatchObject({ code: 'paper_out', paperOut: true });
		expect(asked).toEqual([1, 2, 4]);
	});

	it('gives what the transport says silence means when DLE EOT 1 gets no answer, and asks nothing more', async () => {
		const { channel, asked } = scripted(['silent']);
		expect(await exchangeStatus(channel)).toMatchObject({ code: 'unknown', message: 'no back channel' });
		expect(asked).toEqual([1]);
	});

	it('reports what n = 1 said when a later request gets no answer', async () => {
		const { channel, asked } = scripted([ONLINE, 'silent']);
		expect(await exchangeStatus(channel)).toMatchObject({ code: 'ok' });
		expect(asked).toEqual([1, 2]);
	});

	it('turns a failed send into a fault with the same code, and a code that is no printer condition into unreachable', async () => {
		const paperOut = scripted([ONLINE], { at: 2, error: { code: 'paper_out', message: 'ENOSPC' } });
		expect(await exchangeStatus(paperOut.channel)).toMatchObject({ code: 'paper_out', message: 'ENOSPC' });
		expect(faultFromError({ code: 'usb_unavailable', message: 'no usb' })).toMatchObject({ code: 'unreachable', message: 'no usb' });
	});

	it('calls a closed channel unreachable', async () => {
		const { channel } = scripted(['closed']);
		expect(await exchangeStatus(channel)).toMatchObject({ code: 'unreachable' });
	});

	it('hands a first reply that is no status byte to the transport', async () => {
		const { channel, malformed } = scripted([0xff, ONLINE, ONLINE]);
		expect(await exchangeStatus(channel)).toMatchObject({ code: 'offline', message: 'garbage' });
		expect(malformed).toEqual([{ 1: 0xff, 2: ONLINE, 4: ONLINE }]);
	});
});
