// The one script of our own. Every page works without it: it only starts the NHS.UK frontend
// components (error summary focus, header menu, character counts) and confirms destructive buttons.
import { initAll } from '/assets/nhsuk/nhsuk-frontend.min.js';

initAll();

document.addEventListener('submit', (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (question && !window.confirm(question)) event.preventDefault();
});
