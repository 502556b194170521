// The console talks to the API from the browser with the director's token: nothing to render on the server.
export const ssr = false;
