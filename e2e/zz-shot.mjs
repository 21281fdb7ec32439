import { launch, serve, open, screenshot, lab } from './harness.mjs';
const server = await serve(); const browser = await launch();
const { page, errors } = await open(browser, `${server.url}?scenario=vr-primary-crash`);
await screenshot(page, 'scratch-vr');
console.log(await page.locator('.commit-lab').textContent());
console.log(errors);
await browser.close(); server.close();
