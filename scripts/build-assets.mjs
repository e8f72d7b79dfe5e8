#!/usr/bin/env node
// Build the front-end assets into static/dist/ (git-ignored; `make` runs this).
//
//   static/src/scss/app.scss            -> static/dist/app.css (GOV.UK Frontend + our styles)
//   govuk-frontend's govuk-frontend.min.js (+ map) -> static/dist/
//   static/src/js/*.js                  -> static/dist/
//   static/src/images/*                 -> static/dist/images/
//
// No GOV.UK images or GDS Transport fonts are copied: the site is not GOV.UK.
// Exits non-zero on any error, so `make` stops.
import { copyFile, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SRC = path.join(ROOT, "static", "src");
const DIST = path.join(ROOT, "static", "dist");
const NODE_MODULES = path.join(ROOT, "node_modules");
const GOVUK = path.join(NODE_MODULES, "govuk-frontend", "dist", "govuk");

async function buildCss() {
  const result = await sass.compileAsync(path.join(SRC, "scss", "app.scss"), {
    loadPaths: [NODE_MODULES],
    style: "compressed",
    // GOV.UK Frontend's own deprecation warnings are not ours to fix.
    quietDeps: true,
    sourceMap: false,
  });
  await writeFile(path.join(DIST, "app.css"), result.css + "\n");
  return result.css.length;
}

async function copyGovukJs() {
  await copyFile(path.join(GOVUK, "govuk-frontend.min.js"), path.join(DIST, "govuk-frontend.min.js"));
  // The minified file names its source map; ship it so browser tools do not 404.
  await copyFile(path.join(GOVUK, "govuk-frontend.min.js.map"), path.join(DIST, "govuk-frontend.min.js.map"));
}

async function copyMatching(fromDir, toDir, test) {
  let names;
  try {
    names = await readdir(fromDir, { withFileTypes: true });
  } catch (error) {
    if (error.code === "ENOENT") return [];
    throw error;
  }
  const copied = [];
  await mkdir(toDir, { recursive: true });
  for (const entry of names) {
    if (entry.isFile() && test(entry.name)) {
      await copyFile(path.join(fromDir, entry.name), path.join(toDir, entry.name));
      copied.push(entry.name);
    }
  }
  return copied;
}

async function main() {
  await rm(DIST, { recursive: true, force: true });
  await mkdir(DIST, { recursive: true });

  const cssBytes = await buildCss();
  await copyGovukJs();
  const scripts = await copyMatching(path.join(SRC, "js"), DIST, (name) => name.endsWith(".js"));
  const images = await copyMatching(path.join(SRC, "images"), path.join(DIST, "images"),
    (name) => /\.(svg|png|ico|webp)$/.test(name));

  console.log(`static/dist: app.css (${cssBytes} bytes), govuk-frontend.min.js, ` +
    `${scripts.length} script(s), ${images.length} image(s)`);
}

main().catch((error) => {
  // A Sass error's message already names the file and line; anything else gets its stack.
  console.error("build-assets:", error instanceof sass.Exception ? error.message : (error.stack ?? error));
  process.exit(1);
});
