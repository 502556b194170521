/** The hall's clock: passed in everywhere (production: Date.now; tests: a clock they move). */
export interface Clock {
	now(): number;
}
