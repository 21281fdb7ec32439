// Loads the wasm bundle (relative to this file, so the site works from any
// sub-path) and starts the app. A failure is shown, not swallowed.
import init, { start } from '../pkg/lightcone.js';

try {
  await init({ module_or_path: new URL('../pkg/lightcone_bg.wasm', import.meta.url) });
  start();
} catch (error) {
  const app = document.getElementById('app');
  const message = document.createElement('p');
  message.className = 'error';
  message.textContent = `Lightcone could not start: ${error}`;
  app.replaceChildren(message);
  throw error;
}
