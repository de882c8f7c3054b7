/**
 * How Debian's Chromium is launched, by the journeys (playwright.config.ts) and by the editor's
 * benchmark (scripts/bench-editor.ts). Playwright never downloads a browser here.
 */
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    // Without these, Chromium calls Google services, which this network refuses.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
