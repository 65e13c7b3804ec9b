import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  parseDelay,
  parseDuration,
  parseFaults,
  parseJsonObject,
  parseNonNegativeInteger,
  parsePort,
  parsePositiveInteger,
  parseSeed,
} from '../../src/cli/parse.js';

describe('option parsers', () => {
  it('parsePositiveInteger takes decimal integers from 1, and nothing else', () => {
    expect(parsePositiveInteger('16')).toBe(16);
    expect(parsePositiveInteger(' 3 ')).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'abc', '', '1e3', '0x10', '99999999999999999999']) {
      expect(() => parsePositiveInteger(bad), bad).toThrow(InvalidArgumentError);
    }
  });

  it('parseNonNegativeInteger admits 0', () => {
    expect(parseNonNegativeInteger('0')).toBe(0);
    expect(() => parseNonNegativeInteger('-1')).toThrow('Expected a non-negative integer.');
  });

  it('parsePort takes 0 to 65535', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('8080')).toBe(8080);
    expect(() => parsePort('65536')).toThrow(InvalidArgumentError);
    expect(() => parsePort('http')).toThrow(InvalidArgumentError);
  });

  it('parseDuration reads bare milliseconds and ms, s, m units', () => {
    expect(parseDuration('250')).toBe(250);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('2m')).toBe(120_000);
    for (const bad of ['0', 'soon', '-5', '5h', '', '99999999999']) {
      expect(() => parseDuration(bad), bad).toThrow(InvalidArgumentError);
    }
  });

  it('parseDelay admits a zero duration', () => {
    expect(parseDelay('0')).toBe(0);
    expect(parseDelay('20ms')).toBe(20);
  });

  it('parseSeed takes any finite number', () => {
    expect(parseSeed('42')).toBe(42);
    expect(parseSeed('-1.5')).toBe(-1.5);
    expect(() => parseSeed('')).toThrow(InvalidArgumentError);
    expect(() => parseSeed('Infinity')).toThrow(InvalidArgumentError);
  });

  it('parseFaults reads kind=rate pairs', () => {
    expect(parseFaults('http500=0.01, drop=0.001')).toEqual({ http500: 0.01, drop: 0.001 });
    expect(parseFaults('http429=1')).toEqual({ http429: 1 });
    expect(parseFaults('gzipUnasked=0.5,gzipBomb=0.01')).toEqual({ gzipUnasked: 0.5, gzipBomb: 0.01 });
    for (const bad of ['http500', 'http500=', 'teapot=0.1', 'http500=1.5', 'drop=0.1=2', 'stall=-0.1']) {
      expect(() => parseFaults(bad), bad).toThrow(InvalidArgumentError);
    }
    expect(() => parseFaults('http500=0.6,drop=0.6')).toThrow('The fault rates add up to more than 1.');
  });

  it('parseJsonObject takes a JSON object only', () => {
    expect(parseJsonObject('{"nvr": "x"}')).toEqual({ nvr: 'x' });
    for (const bad of ['[1]', 'null', '"x"', '{oops']) {
      expect(() => parseJsonObject(bad), bad).toThrow(InvalidArgumentError);
    }
  });
});
