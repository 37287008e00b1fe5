import { expect } from 'chai';
import fc from 'fast-check';
import { UserError } from '../../src/diagnostics.js';
import { formatJsonPath, parseJsonPath, parseJsonSource } from '../../src/model/json-source.js';
import { catchUserError } from '../support/errors.js';

function err(text: string): UserError {
  return catchUserError(() => parseJsonSource(text, 'f.json'), `accepted: ${text}`);
}

describe('model/json-source', () => {
  it('parses values like JSON.parse', () => {
    const t = '{"a": [1, -2.5e3, 0, -0, 1E+2, true, false, null], "b": {"c": "x\\u00e9\\n\\"\\/"}, "": 1}';
    expect(parseJsonSource(t, 'f').value).to.deep.equal(JSON.parse(t));
  });

  it('maps JSON paths back to line:column', () => {
    const t = '{\n  "layers": [\n    {"type": "dense"},\n    {"gamma": [1,\n      2, 3]}\n  ]\n}';
    const src = parseJsonSource(t, 'm.json');
    expect(src.locate('layers[1].gamma[2]')).to.deep.equal({ line: 5, column: 10 });
    expect(src.locate(['layers', 0, 'type'])).to.deep.equal({ line: 3, column: 14 });
    // a missing key falls back to the deepest existing ancestor
    expect(src.locate('layers[0].semantics')).to.deep.equal({ line: 3, column: 5 });
    expect(src.where(['layers', 1, 'gamma', 0])).to.deep.equal({ file: 'm.json', line: 4, column: 16, jsonPath: 'layers[1].gamma[0]' });
  });

  it('counts CRLF and CR line breaks once', () => {
    const src = parseJsonSource('{\r\n"a":\r1}', 'f');
    expect(src.locate('a')).to.deep.equal({ line: 3, column: 1 });
  });

  it('formats and parses paths symmetrically', () => {
    for (const segs of [['layers', 3, 'gamma', 17], ['a b', 0], ['x', 'y"z']]) {
      expect(parseJsonPath(formatJsonPath(segs))).to.deep.equal(segs);
    }
    expect(formatJsonPath(['layers', 3, 'gamma', 17])).to.equal('layers[3].gamma[17]');
  });

  it('rejects NaN / Infinity with a message about Python', () => {
    for (const lit of ['NaN', 'Infinity', '-Infinity']) {
      const e = err(`{"x": [1, ${lit}]}`);
      expect(e.code).to.equal('E_JSON_SYNTAX');
      expect(e.message).to.include(`f.json:1:11`);
      expect(e.message).to.include(lit);
      expect(e.message).to.include('allow_nan=False');
    }
  });

  it('rejects non-RFC 8259 text with file:line:column', () => {
    const bad: Array<[string, string]> = [
      ['', '1:1'], ['{', '1:2'], ['[1,]', '1:4'], ['{"a":1,}', '1:8'], ['01', '1:1'], ['1.', '1:1'], ['.5', '1:1'], ['+1', '1:1'],
      ['0x10', '1:1'], ["{'a':1}", '1:2'], ['{a:1}', '1:2'], ['"\t"', '1:2'], ['"\\x"', '1:3'], ['"\\u12"', '1:2'], ['"abc', '1:5'],
      ['[1 2]', '1:4'], ['true false', '1:6'], ['nul', '1:1'], ['// c\n1', '1:1'], ['[1]\n\n x', '3:2'], ['\u00a01', '1:1'], ['-', '1:2'], ['True', '1:1'],
    ];
    for (const [t, pos] of bad) {
      const e = err(t);
      expect(e.code, t).to.equal('E_JSON_SYNTAX');
      expect(e.message, t).to.include(`f.json:${pos}:`);
    }
  });

  it('rejects duplicate keys (E_SCHEMA) and excessive nesting', () => {
    expect(err('{"a": 1, "a": 2}').code).to.equal('E_SCHEMA');
    expect(err('['.repeat(1000) + ']'.repeat(1000)).message).to.include('nesting');
  });

  it('accepts a leading byte order mark', () => {
    expect(parseJsonSource('\ufeff[1]', 'f').value).to.deep.equal([1]);
  });

  it('agrees with JSON.parse on JSON.stringify output (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const t = JSON.stringify(v, null, 1);
        expect(parseJsonSource(t, 'f').value).to.deep.equal(JSON.parse(t));
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('accepts exactly what JSON.parse accepts on JSON-like noise (differential property)', () => {
    const alphabet = fc.constantFrom(...'{}[]:,"\\ \n\t0123456789.-+eEtrufalsn/u"ab'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 16 }).map((a) => a.join('')), (t) => {
        let ours: string | null = null;
        try {
          parseJsonSource(t, 'f');
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          ours = e.code;
        }
        let theirs = true;
        try {
          JSON.parse(t);
        } catch {
          theirs = false;
        }
        if (ours === 'E_SCHEMA') return; // duplicate key: legal grammar, refused on purpose
        expect(ours === null, JSON.stringify(t)).to.equal(theirs);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});
