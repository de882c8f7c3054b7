/**
 * When zod builds an object schema it probes `new Function` to compile a faster parser. The
 * console's Content-Security-Policy forbids eval, and the browser reports even that caught
 * attempt as a violation. zod keeps its configuration on this global (`z.config()` writes the
 * same object), so setting it here, before any lazily loaded chunk brings zod in, turns the
 * probe off without loading zod into the first page. Import this module first in main.tsx.
 */
const scope = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
scope.__zod_globalConfig = { ...scope.__zod_globalConfig, jitless: true };
