export async function startDevHall(_httpServer: unknown, _middlewares: unknown): Promise<void> {}
