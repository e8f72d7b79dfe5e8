// Progressive enhancement only: every page works without JavaScript.
// GOV.UK Frontend adds behaviour to components marked with data-module
// (the service navigation's menu button on small screens, error summaries,
// notification banners, buttons that should not be double-submitted).
import { Radios, createAll, initAll } from "./govuk-frontend.min.js";

// Radios that reveal a follow-up question when chosen. GOV.UK Frontend's own Radios mark each such radio
// with aria-expanded, which ARIA does not allow on a radio (WCAG 4.1.2; axe-core's aria-allowed-attr;
// govuk-frontend issue #979). These reveal and hide in the same way, keep aria-controls, and leave
// aria-expanded off: the revealed question comes straight after its radio, so it is the next thing read.
class AppRadios extends Radios {
  static moduleName = "app-radios";

  syncConditionalRevealWithInputState($input) {
    super.syncConditionalRevealWithInputState($input);
    $input.removeAttribute("aria-expanded");
  }
}

for (const $radios of document.querySelectorAll('[data-module="govuk-radios"]')) {
  $radios.setAttribute("data-module", AppRadios.moduleName);
}

initAll();
createAll(AppRadios);
