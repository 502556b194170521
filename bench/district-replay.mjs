// The district bench's simulated halls, on their own thread: each replays the same busy day
// to the hub, batch after batch, all at once. Apart from the dashboard watcher's thread, so
// the watcher's clock readings do not wait behind 200 halls' requests. Plain JavaScript: a
// worker needs no TypeScript loader this way.
import { parentPort, workerData } from 'node:worker_threads';

const { url, halls, slices, head } = workerData;
const now = () => performance.timeOrigin + performance.now();

/** [hallIndex, seq, ackedAt] for every batch, in a flat array (cheap to post back). */
const acks = [];
const started = now();
await Promise.all(
	halls.map(async ({ id, key }, index) => {
		let version;
		for (const slice of slices) {
			const body = `{"after":${slice.after},"head":${head},"events":${slice.json}${version === undefined ? '' : `,"noticesVersion":${JSON.stringify(version)}`}}`;
			const res = await fetch(`${url}/api/district/halls/${id}/events`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
				body
			});
			if (!res.ok) throw new Error(`hall ${id}: ${res.status} ${await res.text()}`);
			version = (await res.json()).noticesVersion ?? version;
			acks.push(index, slice.last, now());
		}
	})
);
parentPort.postMessage({ acks, started, finished: now() });
