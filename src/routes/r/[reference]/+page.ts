// The screens live on the socket; there is nothing to render on the server.
export const ssr = false;
