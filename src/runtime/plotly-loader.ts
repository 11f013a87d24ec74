/**
 * How a saved figure finds plotly.js, whatever order its cells ran in.
 *
 * plotly.js (4.8 MB) is never copied into a notebook. Each figure's HTML carries this small loader
 * (≈1 KB): when `window.Plotly` is missing it loads the ONE copy the project already has,
 * `node_modules/plotly.js-dist-min/plotly.min.js`, and only once per page however many figures ask:
 * - inside a Jupyter front end (classic Notebook, Notebook 7, JupyterLab) through the server's
 *   `files/` route, climbing from the notebook's folder to the server's root;
 * - in a page opened from disk or a plain web server (`jupyter nbconvert --to html` output
 *   anywhere inside the project) by relative paths, climbing up to six folders;
 * - last, from the jsDelivr CDN at the project's exact version (needs a network).
 * If every place fails, the figure's box says why — the Jupyter server's root, or a page outside
 * the project and offline — and what to do, instead of staying blank. The book's pages load
 * plotly.js in their `<head>`, so there the loader never runs.
 *
 * @example
 * const html = `<div id="f"></div><script>${plotlyLoaderCall("draw")}</script>`;
 */
import { createRequire } from "module";
import * as path from "path";

/** The queue a figure's draw function joins while plotly.js is on its way. */
export const PLOTLY_QUEUE = "__tdynPlotlyQueue";

/** Where the project's copy of plotly.js lives, relative to the project's root. */
export const PLOTLY_PROJECT_PATH = "node_modules/plotly.js-dist-min/plotly.min.js";

/** Why a figure inside a Jupyter front end could not load plotly.js, and what to do. */
export const IN_JUPYTER =
  "This figure needs plotly.js, and neither this Jupyter server nor the CDN gave it: the server " +
  `serves files only below the folder it was started in, which must contain the project's ${PLOTLY_PROJECT_PATH}. ` +
  "Start Jupyter from the project's root (npm run jupyter -- notebook), or go online.";

/** Why a page opened from disk or a plain web server could not load plotly.js, and what to do. */
export const IN_FILE =
  `This figure needs plotly.js, and this page found neither the project's ${PLOTLY_PROJECT_PATH} in the folders ` +
  "above it nor the CDN (offline?). For a page that opens anywhere offline, export it with " +
  "npm run export -- <notebook>.";

let cdn: string | null | undefined;

/** The CDN address of the project's plotly.js version, or null when the package cannot be found. */
export function plotlyCdnUrl(): string | null {
  if (cdn === undefined) {
    try {
      const req = createRequire(path.join(process.cwd(), "__plotly__.js"));
      const version = (req("plotly.js-dist-min/package.json") as { version: string }).version;
      cdn = /^[\w.-]+$/.test(version) ? `https://cdn.jsdelivr.net/npm/plotly.js-dist-min@${version}/plotly.min.js` : null;
    } catch {
      cdn = null;
    }
  }
  return cdn;
}

/**
 * A script statement that runs `drawName()` as soon as plotly.js is available, loading it when
 * needed; `elementId` is the figure's box, which shows a message if plotly.js cannot be found.
 * Plain ES5, so it runs in every front end.
 */
export function plotlyLoaderCall(drawName: string, elementId: string): string {
  const q = `window.${PLOTLY_QUEUE}`;
  const cdnUrl = plotlyCdnUrl();
  return (
    `if(window.Plotly){${drawName}();}else{var q=${q}=${q}||[];${drawName}.el=${JSON.stringify(elementId)};q.push(${drawName});` +
    `if(!window.__tdynPlotlyLoading){window.__tdynPlotlyLoading=1;(function(){` +
    `var P=${JSON.stringify(PLOTLY_PROJECT_PATH)},c=[],d=document,b=null,cfg=d.getElementById("jupyter-config-data");` +
    `if(cfg){try{b=JSON.parse(cfg.textContent).baseUrl;}catch(e){}}` +
    `if(b==null&&d.body&&d.body.getAttribute("data-base-url")!=null)b=d.body.getAttribute("data-base-url");` +
    `if(b!=null){var p=(d.body&&d.body.getAttribute("data-notebook-path"))||"";` +
    `if(!p){var m=/\\/(?:lab\\/tree|doc\\/tree|tree|notebooks|edit)\\/(.*)$/.exec(decodeURIComponent(location.pathname));if(m)p=m[1];}` +
    `var s=p.split("/").slice(0,-1);b=b.replace(/\\/?$/,"/")+"files/";` +
    `for(var k=s.length;k>=0;k--)c.push(b+s.slice(0,k).map(encodeURIComponent).join("/")+(k?"/":"")+P);}` +
    `else{for(var u="",i=0;i<7;i++,u+="../")c.push(u+P);}` +
    (cdnUrl ? `c.push(${JSON.stringify(cdnUrl)});` : "") +
    `function done(){var f,l=${q}||[];${q}=[];while((f=l.shift()))f();}` +
    `function fail(){window.__tdynPlotlyLoading=0;var why=b!=null?${JSON.stringify(IN_JUPYTER)}:${JSON.stringify(IN_FILE)};` +
    `(${q}||[]).forEach(function(f){var l=f.el?d.querySelectorAll('[id="'+f.el+'"]'):[];` +
    `for(var j=0;j<l.length;j++){l[j].textContent=why;l[j].setAttribute("data-tdyn-failed","1");}});}` +
    `function next(i){if(window.Plotly)return done();if(i>=c.length)return fail();var t=d.createElement("script");t.src=c[i];` +
    `t.onload=function(){window.Plotly?done():next(i+1);};t.onerror=function(){t.parentNode.removeChild(t);next(i+1);};` +
    `(d.head||d.body).appendChild(t);}next(0);})();}}`
  );
}
