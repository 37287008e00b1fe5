/**
 * The Handlebars environment for Verilog templates: no HTML escaping
 * (Verilog is not HTML), strict mode (a missing context value is an error,
 * not an empty string), and no helpers: templates receive a flat context of
 * precomputed values and only place them (STYLE §7).
 */
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Folder holding the .hbs templates (shipped with the package). */
export const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

const env = Handlebars.create();
const cache = new Map<string, Handlebars.TemplateDelegate>();

/** Render templates/NAME with `context`. */
export function renderTemplate(name: string, context: object): string {
  let tpl = cache.get(name);
  if (!tpl) {
    tpl = env.compile(readFileSync(TEMPLATE_DIR + name, 'utf8'), { noEscape: true, strict: true });
    cache.set(name, tpl);
  }
  return tpl(context);
}
