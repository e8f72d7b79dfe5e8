#!/usr/bin/env node
// Build the front-end assets into static/dist/ (git-ignored; `make` runs this).
//
//   static/src/scss/app.scss            -> static/dist/app.css (GOV.UK Frontend + our styles)
//   govuk-frontend's govuk-frontend.min.js (+ map) -> static/dist/
//   static/src/js/*.js                  -> static/dist/
//   static/src/images/*                 -> static/dist/images/
//   app.css mirrored by rtlcss          -> static/dist/app.rtl.css (Arabic, Urdu, Yiddish pages)
//   Noto fonts for scripts Arial lacks   -> static/dist/fonts/ + @font-face rules appended to app.css
//
// No GOV.UK images or GDS Transport fonts are copied: the site is not GOV.UK.
// Exits non-zero on any error, so `make` stops.
import { appendFile, copyFile, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import rtlcss from "rtlcss";
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

// Latin text keeps Helvetica/Arial; these scripts need a font that every reader has, or they show
// as empty boxes. Urdu uses Noto Sans Arabic (Naskh style): Nastaliq's tall lines break GOV.UK's
// components. Only the script's own subset ships, with its unicode-range, so a page downloads a
// font only when it shows that script.
const SCRIPT_FONTS = [
  ["noto-sans-arabic", "arabic"],
  ["noto-sans-bengali", "bengali"],
  ["noto-sans-gurmukhi", "gurmukhi"],
  ["noto-sans-hebrew", "hebrew"],
];

async function buildFonts() {
  const fontsDir = path.join(DIST, "fonts");
  await mkdir(fontsDir, { recursive: true });
  let css = "";
  let files = 0;
  for (const [pkg, subset] of SCRIPT_FONTS) {
    const pkgDir = path.join(NODE_MODULES, "@fontsource", pkg);
    for (const weight of [400, 700]) {
      // The package's per-weight file has every subset, each with its unicode-range; keep ours.
      const all = await readFile(path.join(pkgDir, `${weight}.css`), "utf8");
      const rules = all.split(/(?=\/\* )/).filter((block) => block.startsWith(`/* ${pkg}-${subset}-${weight}-normal */`)).join("");
      if (!rules.includes("unicode-range")) throw new Error(`no ${subset} ${weight} rule in @fontsource/${pkg}`);
      // Only woff2 (every browser we support reads it); the woff fallback is dropped.
      css += rules.replace(/url\(\.\/files\/([^)]+?\.woff2)\) format\('woff2'\), url\([^)]+\.woff\) format\('woff'\)/g,
        (_match, file) => `url(fonts/${file}) format('woff2')`);
      for (const file of rules.matchAll(/\.\/files\/([^)]+?\.woff2)/g)) {
        await copyFile(path.join(pkgDir, "files", file[1]), path.join(fontsDir, file[1]));
        files += 1;
      }
    }
  }
  if (css.includes(".woff)")) throw new Error("a woff fallback was left in the font rules");
  await appendFile(path.join(DIST, "app.css"), css);
  return files;
}

// GOV.UK Frontend styles use physical sides (float: left, padding-left…). Right-to-left pages get a
// mirrored copy instead. Our own styles use logical properties, which rtlcss leaves as they are.
async function buildRtlCss() {
  const css = await readFile(path.join(DIST, "app.css"), "utf8");
  await writeFile(path.join(DIST, "app.rtl.css"), rtlcss.process(css));
}

async function main() {
  await rm(DIST, { recursive: true, force: true });
  await mkdir(DIST, { recursive: true });

  const cssBytes = await buildCss();
  const fonts = await buildFonts();
  await buildRtlCss();
  await copyGovukJs();
  const scripts = await copyMatching(path.join(SRC, "js"), DIST, (name) => name.endsWith(".js"));
  const images = await copyMatching(path.join(SRC, "images"), path.join(DIST, "images"),
    (name) => /\.(svg|png|ico|webp)$/.test(name));

  console.log(`static/dist: app.css (${cssBytes} bytes), govuk-frontend.min.js, ` +
    `${scripts.length} script(s), ${images.length} image(s), ${fonts} font file(s)`);
}

main().catch((error) => {
  // A Sass error's message already names the file and line; anything else gets its stack.
  console.error("build-assets:", error instanceof sass.Exception ? error.message : (error.stack ?? error));
  process.exit(1);
});
