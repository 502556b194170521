// Browsers say which site a request comes from (Origin). A page of another site must not be
// able to make a hall screen's browser issue tickets, file complaints or use a session: a
// state change whose Origin is neither this server as the browser addressed it (Host) nor
// the hall's publicUrl is refused, on HTTP and on the socket handshake. Clients that send no
// Origin (station agents, scripts, curl) are not browsers riding on someone's session.

export function originAllowed(origin: string | undefined, host: string | undefined, publicUrl: string | null): boolean {
	if (origin === undefined) return true;
	let url: URL;
	try {
		url = new URL(origin);
	} catch {
		return false;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
	if (host !== undefined && url.host === host.toLowerCase()) return true;
	if (publicUrl !== null) {
		try {
			return url.origin === new URL(publicUrl).origin;
		} catch {
			return false;
		}
	}
	return false;
}
