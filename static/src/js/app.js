// Progressive enhancement only: every page works without JavaScript.
// GOV.UK Frontend adds behaviour to components marked with data-module
// (the service navigation's menu button on small screens, error summaries,
// notification banners, buttons that should not be double-submitted).
import { initAll } from "./govuk-frontend.min.js";

initAll();
