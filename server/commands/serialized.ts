// An answer already serialized where it was computed: the UTF-8 JSON text of a `T`. A report
// is computed in the history reader (a process of its own); rebuilding its objects on the hall's
// event loop only to JSON.stringify them again there is work the loop that calls tickets must
// not do. So the reader sends the bytes (one block, no objects to rebuild) and a command answers
// with them: the HTTP door writes them as they are, byte for byte what it would have written
// for the value; the socket door parses them (an ack is an object).

export class SerializedJson<T> {
	/** Never set: it only carries what the bytes hold to the command's answer type. */
	declare readonly of?: T;

	constructor(readonly bytes: Uint8Array) {}

	/** Serializes a value here (when there is no worker to do it, or in tests). */
	static of<T>(value: T): SerializedJson<T> {
		return new SerializedJson<T>(new TextEncoder().encode(JSON.stringify(value)));
	}

	/** The bytes as a Buffer over the same memory (no copy), for a socket or file write. */
	get buffer(): Buffer {
		return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
	}

	value(): T {
		return JSON.parse(new TextDecoder().decode(this.bytes)) as T;
	}
}

/** A door's answer as a plain value: serialized answers parsed (the socket door's acks). */
export function plainAnswer(answer: unknown): unknown {
	return answer instanceof SerializedJson ? answer.value() : answer;
}
