/** Catching the UserError a call must throw (any other outcome fails the test). */
import { UserError } from '../../src/diagnostics.js';

/** Run `f`; return the UserError it throws; rethrow anything else; fail if it returns. */
export function catchUserError(f: () => unknown, what = 'expected a UserError'): UserError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error(what);
}

/** Await `p`; return the UserError it rejects with; rethrow anything else; fail if it resolves. */
export async function rejectsUserError(p: Promise<unknown>, what = 'expected a UserError'): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error(what);
}
