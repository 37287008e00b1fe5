import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeDirAtomic, writeFileAtomic } from '../../src/util/atomic-fs.js';
import { UserError } from '../../src/diagnostics.js';

describe('util/atomic-fs', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-atomic-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes a directory and replaces the previous one completely', () => {
    const dir = path.join(root, 'out');
    writeDirAtomic(dir, new Map([['a.v', 'one'], ['mem/w.hex', '00']]));
    expect(fs.readFileSync(path.join(dir, 'mem/w.hex'), 'utf8')).to.equal('00');
    writeDirAtomic(dir, new Map([['b.v', 'two']]));
    expect(fs.readdirSync(dir)).to.deep.equal(['b.v']);
    expect(fs.readdirSync(root)).to.deep.equal(['out']);
  });

  it('leaves the previous output intact and no temp dir when a write fails', () => {
    const dir = path.join(root, 'out');
    writeDirAtomic(dir, new Map([['a.v', 'keep']]));
    expect(() => writeDirAtomic(dir, new Map([['../escape.v', 'x']]))).to.throw(/escapes/);
    expect(fs.readFileSync(path.join(dir, 'a.v'), 'utf8')).to.equal('keep');
    expect(fs.readdirSync(root)).to.deep.equal(['out']);
  });

  it('reports a missing parent directory as E_IO', () => {
    try {
      writeDirAtomic(path.join(root, 'no/such/dir'), new Map([['a', 'b']]));
      expect.fail('accepted');
    } catch (e) {
      expect(e).to.be.instanceOf(UserError);
      expect((e as UserError).code).to.equal('E_IO');
    }
  });

  it('refuses to replace a regular file with a directory', () => {
    const f = path.join(root, 'file');
    fs.writeFileSync(f, 'x');
    expect(() => writeDirAtomic(f, new Map([['a', 'b']]))).to.throw(UserError, /not a directory/);
    expect(fs.readFileSync(f, 'utf8')).to.equal('x');
  });

  it('writes a file atomically and maps an unwritable target to E_IO', function () {
    const f = path.join(root, 'x.json');
    writeFileAtomic(f, '{}');
    expect(fs.readFileSync(f, 'utf8')).to.equal('{}');
    try {
      writeFileAtomic(path.join(root, 'missing', 'x.json'), '{}');
      expect.fail('accepted');
    } catch (e) {
      expect((e as UserError).code).to.equal('E_IO');
      expect((e as UserError).message).to.match(/parent directory does not exist/);
    }
  });
});
