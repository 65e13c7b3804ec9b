// Argument checks that run before any request, so that a bad call fails at once with a TypeError naming the
// argument instead of as an obscure server error (or, worse, a query that silently matches everything).
import { describe } from '../shared/options.js';

export function requireString(method: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`${method}: "${name}" must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

export function requireStrings(method: string, name: string, value: unknown): string[] {
  if (!Array.isArray(value)) {
    throw new TypeError(`${method}: "${name}" must be an array of non-empty strings, got ${describe(value)}`);
  }
  value.forEach((item, index) => {
    requireString(method, `${name}[${index}]`, item);
  });
  return value as string[];
}

export function optionalStrings(method: string, name: string, value: unknown): string[] | undefined {
  return value === undefined ? undefined : requireStrings(method, name, value);
}

export function optionalBoolean(method: string, name: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new TypeError(`${method}: "${name}" must be a boolean, got ${describe(value)}`);
  }
  return value;
}

export function optionalPageSize(method: string, value: unknown): number | undefined {
  if (value !== undefined && (!Number.isInteger(value) || (value as number) < 1)) {
    throw new TypeError(`${method}: "pageSize" must be a positive integer, got ${describe(value)}`);
  }
  return value as number | undefined;
}

export function requireObject(method: string, name: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${method}: "${name}" must be an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}
