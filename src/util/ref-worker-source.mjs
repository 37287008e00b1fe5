// Worker entry when siman-hw runs from its TypeScript sources (tests,
// benches): worker threads do not inherit tsx's loader, so load the worker
// through tsx's API. The built package uses dist/util/ref-worker.js.
import { tsImport } from 'tsx/esm/api';

const mod = await tsImport('./ref-worker.ts', import.meta.url);
export default mod.default;
