// How much of an input the CLI repeats back. An input is echoed in its result's `input` field and quoted in error
// messages; a 10 MB line echoed whole, twice, made a 20 MB output line. Inputs are cut to a bounded length
// instead, with a marker that says how long they were.

/**
 * The most characters of an input that are echoed. Long enough that a real input (a registry path, whose
 * repository has at most 255 characters, an NVR, a JSON object of variables) comes back whole and still serves to
 * match results with inputs; short enough that a runaway line costs about a kilobyte per output line.
 */
export const MAX_ECHOED_INPUT_LENGTH = 1000;

/** `input` itself when it is short enough, else its start and `… (10,485,760 characters)`. */
export function echoInput(input: string): string {
  if (input.length <= MAX_ECHOED_INPUT_LENGTH) return input;
  let end = MAX_ECHOED_INPUT_LENGTH;
  // Never split a surrogate pair: half of one is not valid UTF-16, and JSON.stringify would escape it.
  const last = input.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${input.slice(0, end)}… (${input.length.toLocaleString('en-US')} characters)`;
}

/** An input quoted in a message: JSON-quoted, after echoInput has cut it. */
export function quoteInput(input: string): string {
  return JSON.stringify(echoInput(input));
}
