// The model was trained on radicals and stroke shapes as well as characters, and it often puts
// one first: 囗 before 口, 丨 after the first stroke of almost anything. Nobody fills a form
// at the kiosk with a bare radical, so these go behind the characters (kept, not dropped: the
// order among the rest is zinnia's).

/** Components that are not characters anyone writes on their own in a name, address or complaint. */
const COMPONENTS = new Set([
	...'丨丿丶亅乀乁乚乛亠冂冖冫凵勹匚匸卩厶宀彐彡彳忄扌氵犭纟艹辶阝亻讠钅饣刂廾廴夂夊尢屮巛爫礻衤罒疒癶覀耂囗丬攵旡肀虍豸阝'
]);

/** The candidates with bare components moved behind the characters, each group in its own order. */
export function preferCharacters<T extends { char: string }>(candidates: readonly T[]): T[] {
	return [...candidates.filter((c) => !COMPONENTS.has(c.char)), ...candidates.filter((c) => COMPONENTS.has(c.char))];
}
