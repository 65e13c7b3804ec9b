// HTTP header names that both ends of the wire agree on: the client reads them, the embedded server and the MSW
// handlers write them.

/** Pyxis' response header naming the request in its logs. */
export const TRACE_ID_HEADER = 'trace_id';
