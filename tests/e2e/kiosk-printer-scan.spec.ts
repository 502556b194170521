// The kiosk and its station's devices, driven by a stand-in station agent (the kiosk PC's
// printer and scanner, talking to the hall over socket.io as kiosk/ does): the printer
// runs out of paper, the kiosk says so in Chinese and still gives the number with its QR;
// paper back in, the slip prints; a slip's QR scanned at the kiosk shows that ticket's
// status; a 回执's QR scanned there opens 进度查询 with its status; 打印告知单 prints the
// service's one-time notification.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';

const STATION = 'K2';
/** The e2e server runs the demo hall: its station's agent key is in the hall file. */
const HALL = JSON.parse(readFileSync('config/demo-hall.json', 'utf8')) as { stations: { id: string; agentKey?: string }[] };
const AGENT_KEY = HALL.stations.find((s) => s.id === STATION)?.agentKey;

interface Job {
	id: string;
	kind: 'ticket' | 'notification';
	ticketId: string | null;
	answer: (result: unknown) => void;
}

/** A station agent that holds each print job until the test says it printed. */
async function connectAgent(baseURL: string): Promise<{ socket: Socket; jobs: Job[] }> {
	const socket = io(baseURL, { transports: ['websocket'], forceNew: true });
	const jobs: Job[] = [];
	socket.on('print:job', (job: Omit<Job, 'answer'>, answer: (result: unknown) => void) => {
		jobs.push({ id: job.id, kind: job.kind, ticketId: job.ticketId, answer });
	});
	const welcome = (await socket.timeout(10_000).emitWithAck('agent:hello', {
		station: STATION,
		...(AGENT_KEY ? { key: AGENT_KEY } : {}),
		printer: 'preview',
		version: 'e2e'
	})) as {
		data?: unknown;
		error?: unknown;
	};
	expect(welcome.error).toBeUndefined();
	return { socket, jobs };
}

async function report(socket: Socket, code: string): Promise<void> {
	const ack = (await socket.timeout(10_000).emitWithAck('agent:status', { code })) as { error?: unknown };
	expect(ack.error).toBeUndefined();
}

test('out of paper: the kiosk says so, still gives the number and QR; scanned, the slip shows its status', async ({ browser, baseURL, request }) => {
	const agent = await connectAgent(baseURL!);
	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	const kiosk = await context.newPage();
	try {
		await kiosk.goto(`/kiosk?station=${STATION}`);
		await expect(kiosk.getByRole('heading', { name: '请选择要办理的业务' })).toBeVisible();

		await test.step('the printer runs out of paper: a banner in Chinese', async () => {
			await report(agent.socket, 'paper_out');
			const fault = kiosk.getByTestId('printer-fault');
			await expect(fault).toContainText('打印机缺纸，请联系工作人员');
			await expect(fault).toContainText('仍可取号');
		});

		let number = '';
		let url = '';
		await test.step('a number is still issued and shown with its QR code', async () => {
			await kiosk.getByRole('button', { name: /^档案查阅/ }).click();
			await expect(kiosk.getByRole('button', { name: '打印告知单' })).toBeDisabled();
			await kiosk.getByRole('button', { name: '取号', exact: true }).click();
			await expect(kiosk.getByTestId('ticket-number')).toHaveText(/^H\d{3}$/);
			number = (await kiosk.getByTestId('ticket-number').textContent())!.trim();
			await expect(kiosk.getByTestId('slip-state')).toContainText('凭条暂时无法打印，请记下号码或用手机扫描下方二维码');
			const qr = kiosk.getByRole('img', { name: '手机扫码，随时查看排队进度' });
			await expect(qr.locator('svg')).toBeVisible();
			url = (await qr.locator('..').getAttribute('data-url'))!;
		});

		await test.step('paper back in: the banner goes and the held slip prints', async () => {
			await expect.poll(() => agent.jobs.some((j) => j.kind === 'ticket')).toBe(true);
			await report(agent.socket, 'ok');
			await expect(kiosk.getByTestId('printer-fault')).toHaveCount(0);
			for (const job of agent.jobs.splice(0)) job.answer({ data: { outcome: 'printed', attempts: 1 } });
			await expect(kiosk.getByTestId('slip-state')).toHaveText('凭条已打印，请在出纸口取走');
		});

		await test.step('the slip’s QR scanned at the kiosk shows that ticket', async () => {
			await kiosk.getByRole('button', { name: '完成' }).click();
			const scanned = (await agent.socket.timeout(10_000).emitWithAck('agent:scan', { data: url })) as { error?: unknown };
			expect(scanned.error).toBeUndefined();
			const card = kiosk.getByRole('dialog', { name: '扫码查询' });
			await expect(card).toContainText(number);
			await expect(card).toContainText('等候中');
			await card.getByRole('button', { name: '关闭' }).click();
			await expect(card).toHaveCount(0);
		});

		await test.step('a 回执’s QR scanned at the kiosk opens 进度查询 with where it stands', async () => {
			const filed = await request.post('/api/complaints', { data: { category: 'suggestion', content: '建议二楼加装扶手', station: STATION } });
			expect(filed.status()).toBe(201);
			const { reference } = (await filed.json()) as { reference: string };
			for (const job of agent.jobs.splice(0)) job.answer({ data: { outcome: 'printed', attempts: 1 } });
			const scanned = (await agent.socket.timeout(10_000).emitWithAck('agent:scan', { data: `${new URL(kiosk.url()).origin}/r/${reference}` })) as {
				data?: { reference: string };
				error?: unknown;
			};
			expect(scanned.data).toEqual({ reference });
			await expect(kiosk.getByRole('heading', { name: '进度查询' })).toBeVisible();
			await expect(kiosk.getByTestId('reference-status')).toHaveText('受理中');
			await expect(kiosk.getByTestId('reference-card')).toContainText('建议');
			await kiosk.getByRole('button', { name: '完成' }).click();
			await expect(kiosk.getByRole('heading', { name: '请选择要办理的业务' })).toBeVisible();
		});

		await test.step('打印告知单 prints the one-time notification', async () => {
			await kiosk.getByRole('button', { name: /^档案查阅/ }).click();
			await kiosk.getByRole('button', { name: '打印告知单' }).click();
			await expect.poll(() => agent.jobs.some((j) => j.kind === 'notification')).toBe(true);
			for (const job of agent.jobs.splice(0)) job.answer({ data: { outcome: 'printed', attempts: 1 } });
			await expect(kiosk.getByText('告知单已打印，请在出纸口取走')).toBeVisible();
		});
	} finally {
		agent.socket.disconnect();
		await context.close();
	}
});
