// The socket.io rooms, by what a screen shows: the one vocabulary the broadcaster and the
// socket door share.

export const rooms = {
	board: 'board',
	zone: (zone: string) => `board:zone:${zone}`,
	kiosk: 'kiosk',
	/** One kiosk station's screen: its printer status, its print jobs, tickets scanned there. */
	kioskStation: (station: string) => `kiosk:${station}`,
	/** Every signed-in staff screen: printer and station alerts. */
	staff: 'staff',
	window: (windowId: string) => `window:${windowId}`,
	ticket: (ticketId: string) => `ticket:${ticketId}`,
	rate: (windowId: string) => `rate:${windowId}`,
	service: (serviceId: string) => `service:${serviceId}`
};

/** A phone may follow a few tickets (a family's); more is someone scraping. */
export const MAX_TICKETS_PER_CONNECTION = 5;
