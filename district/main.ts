// `npm run district`: a hub node (PORT, HOST, DATABASE_URL), or one of its admin commands:
//   npm run district -- add-hall --id H1 --name 东湖街道党群服务中心   → last line `key: …`
//   npm run district -- add-user --username zhang --name 张主任         → last line `password: …`

import { parseArgs } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { parse } from './errors.ts';
import { addHallSchema, addUserSchema, DistrictHub } from './hub.ts';
import { migrate } from './migrations.ts';
import { startDistrictServer } from './server.ts';

const HINT =
	'DATABASE_URL is not set: point it at PostgreSQL 15+, e.g. DATABASE_URL=postgres://district:PASSWORD@127.0.0.1:5432/district npm run district (see docs/district.md)';

async function admin(databaseUrl: string, command: 'add-hall' | 'add-user', args: string[]): Promise<number> {
	const { values } = parseArgs({ args, options: { id: { type: 'string' }, name: { type: 'string' }, username: { type: 'string' } }, strict: true });
	const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
	try {
		await migrate(pool);
		const hub = new DistrictHub(pool);
		if (command === 'add-hall') {
			const input = parse(addHallSchema, { id: values.id, name: values.name });
			const added = input.ok ? await hub.addHall(input.value) : input;
			if (!added.ok) return fail(added.error.message);
			console.log(`大厅 ${added.value.id} 已登记。请把下面的密钥写入该大厅配置文件的 upstream.key（只显示这一次）：`);
			console.log(`key: ${added.value.key}`);
		} else {
			const input = parse(addUserSchema, { username: values.username, name: values.name });
			const added = input.ok ? await hub.addUser(input.value) : input;
			if (!added.ok) return fail(added.error.message);
			console.log(`用户 ${added.value.username} 已创建。一次性密码如下，首次登录后须修改：`);
			console.log(`password: ${added.value.password}`);
		}
		return 0;
	} finally {
		await pool.end();
	}
}

function fail(message: string): number {
	console.error(message);
	return 1;
}

async function serve(databaseUrl: string): Promise<void> {
	const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { app: 'jiaohao-district' }, timestamp: pino.stdTimeFunctions.isoTime });
	const port = Number(process.env.PORT ?? 3100);
	const host = process.env.HOST ?? '0.0.0.0';
	const server = await startDistrictServer({ databaseUrl, logger, poolSize: Number(process.env.PG_POOL_SIZE ?? 10) });
	server.httpServer.listen(port, host, () => {
		const address = server.httpServer.address();
		const actual = typeof address === 'object' && address ? address.port : port;
		logger.info({ port: actual, host }, `district hub listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}/district`);
	});
	let stopping = false;
	const shutdown = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		logger.info({ signal }, 'shutting down');
		setTimeout(() => process.exit(1), 10_000).unref();
		await server.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown('SIGINT'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
	console.error(HINT);
	process.exit(2);
}
const [command, ...rest] = process.argv.slice(2);
if (command === 'add-hall' || command === 'add-user') {
	process.exit(await admin(databaseUrl, command, rest));
} else if (command === undefined || command === 'serve') {
	await serve(databaseUrl);
} else {
	console.error(`unknown command ${command}: use add-hall, add-user or no command to run a hub node`);
	process.exit(2);
}
