// How results are printed. ndjson and json stream one result at a time; table has to see every row to align its
// columns, so it holds them until the end.

/** An error as printed: its name and message, and the fields its class carries (status, httpCode, traceId...). */
export interface PrintedError {
  readonly name: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

/** One lookup's outcome, as printed: one ndjson line, one json array element, one table row. */
export type LookupResult =
  | { readonly input: string; readonly ok: true; readonly data: unknown }
  | { readonly input: string; readonly ok: false; readonly error: PrintedError };

export const FORMATS = ['ndjson', 'json', 'table'] as const;
export type Format = (typeof FORMATS)[number];

/** Turns results into text. Each method returns the chunks to write, in order (often none or one). */
export interface ResultFormatter {
  begin(): string[];
  format(result: LookupResult): string[];
  end(): string[];
}

/** A one-line description of a lookup's data, for the table's DETAIL column. */
export type Summarize = (data: unknown) => string;

export function createFormatter(format: Format, summarize: Summarize): ResultFormatter {
  switch (format) {
    case 'ndjson':
      return new NdjsonFormatter();
    case 'json':
      return new JsonArrayFormatter();
    case 'table':
      return new TableFormatter(summarize);
  }
}

/** Fields every error has, or that would only repeat what the message says. */
const OMITTED_ERROR_FIELDS = new Set(['name', 'message', 'stack', 'cause']);

/**
 * An error as plain JSON: name, message, then the error's own fields that have a value (a PyxisError's `status`,
 * `httpCode`, `traceId`, `attempts`, `errors`...). A thrown value that is not an Error becomes its text.
 */
export function printError(error: unknown): PrintedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const printed: Record<string, unknown> = { name: error.name, message: error.message };
  for (const [field, value] of Object.entries(error)) {
    if (OMITTED_ERROR_FIELDS.has(field) || value === undefined || typeof value === 'function') continue;
    printed[field] = value;
  }
  return printed as PrintedError;
}

class NdjsonFormatter implements ResultFormatter {
  begin(): string[] {
    return [];
  }

  format(result: LookupResult): string[] {
    return [`${JSON.stringify(result)}\n`];
  }

  end(): string[] {
    return [];
  }
}

/**
 * A JSON array written element by element, one per line, so that a reader sees results as they come and the
 * whole array is never held; `end()` closes it, so the output is valid JSON even after an interruption.
 */
class JsonArrayFormatter implements ResultFormatter {
  #count = 0;

  begin(): string[] {
    return ['['];
  }

  format(result: LookupResult): string[] {
    const element = JSON.stringify(result); // first: it may throw, and then this result is not counted
    const separator = this.#count === 0 ? '\n' : ',\n';
    this.#count++;
    return [`${separator}${element}`];
  }

  end(): string[] {
    return [this.#count === 0 ? ']\n' : '\n]\n'];
  }
}

/** The widest a DETAIL cell gets before it is cut, so that one big result does not push every row off-screen. */
const MAX_DETAIL_LENGTH = 100;

class TableFormatter implements ResultFormatter {
  readonly #rows: [string, string, string][] = [];

  readonly #summarize: Summarize;

  constructor(summarize: Summarize) {
    this.#summarize = summarize;
  }

  begin(): string[] {
    return [];
  }

  format(result: LookupResult): string[] {
    const detail = result.ok ? this.#summarize(result.data) : `${result.error.name}: ${result.error.message}`;
    this.#rows.push([
      result.input,
      result.ok ? 'ok' : 'FAILED',
      truncate(oneLine(detail), MAX_DETAIL_LENGTH),
    ]);
    return [];
  }

  end(): string[] {
    return formatTable(['INPUT', 'RESULT', 'DETAIL'], this.#rows);
  }
}

/** Rows as aligned columns, one string per line; the last column is not padded. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title) => title.length);
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    });
  }
  const line = (cells: readonly string[]) =>
    `${cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd()}\n`;
  return [line(header), ...rows.map(line)];
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
