/** The wall clock for the screens' date and time; ticks once a second while started. */
export class Clock {
	now = $state(Date.now());
	#timer: ReturnType<typeof setInterval> | undefined;

	start(): () => void {
		this.now = Date.now();
		clearInterval(this.#timer);
		// Align to the second so the seconds do not lag the real clock by up to a second.
		const align = setTimeout(() => {
			this.now = Date.now();
			this.#timer = setInterval(() => (this.now = Date.now()), 1000);
		}, 1000 - (Date.now() % 1000));
		return () => {
			clearTimeout(align);
			clearInterval(this.#timer);
		};
	}
}
