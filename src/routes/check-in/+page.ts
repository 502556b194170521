// A phone page: everything comes from the API after load.
export const ssr = false;
