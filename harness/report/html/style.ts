// The report's inline CSS and its one small script. System fonts only (nothing to fetch); every
// state is said in words as well as colour, so a black-and-white printout still reads.
import { createHash } from 'node:crypto';

export const STYLE = `
:root {
  --bg: #f6f7f9; --card: #fff; --ink: #1d2330; --muted: #5d6677; --line: #d8dde6;
  --fail: #c62828; --fail-bg: #fdecec; --pass: #2e7d32; --pass-bg: #e9f6ea; --skip: #8a6d00; --skip-bg: #fff7dc;
  --err: #7b3fa0; --err-bg: #f4ecfa; --you: #1565c0; --you-bg: #e8f1fd; --peer: #546e7a; --hint-bg: #fff8e1;
  --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "Noto Sans Mono CJK SC", monospace;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; line-height: 1.25; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; color: var(--muted); text-transform: none; }
h4 { font-size: .95rem; margin: 1rem 0 .5rem; }
code, pre { font-family: var(--mono); font-size: .875em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
a { color: var(--you); }
.exercise { font-family: var(--mono); }
.report-head { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; }
.report-head h1, .report-head h2 { flex: 1 1 20rem; }
.score-card { background: var(--card); border: 1px solid var(--line); border-radius: .75rem; padding: .75rem 1rem; min-width: 14rem; flex: 0 1 20rem; }
.score { display: flex; align-items: baseline; gap: .5rem; justify-content: space-between; }
.score-label { color: var(--muted); }
.score-value { font-size: 2rem; font-weight: 700; }
.of { font-size: 1.1rem; color: var(--muted); font-weight: 400; }
.bar { height: .5rem; background: var(--fail-bg); border-radius: 1rem; overflow: hidden; border: 1px solid var(--line); }
.bar span { display: block; height: 100%; background: var(--pass); }
.counts { margin: .4rem 0 0; color: var(--muted); font-size: .9rem; }
.wrong, .all-passed { margin: 1rem 0; background: var(--card); border: 1px solid var(--line); border-left: .35rem solid var(--fail); border-radius: .5rem; padding: .5rem 1rem; }
.all-passed { border-left-color: var(--pass); font-weight: 600; }
.wrong h2 { margin: .25rem 0 .5rem; font-size: 1.05rem; }
.wrong ol { margin: 0; padding-left: 1.5rem; }
.wrong li { margin: .35rem 0; }
.wrong .why { color: var(--muted); font-size: .92rem; overflow-wrap: anywhere; }
details > summary { cursor: pointer; }
.legend, .about { margin: 1rem 0; color: var(--muted); font-size: .92rem; }
.legend ul, .about dl { margin: .5rem 0; }
.about dt { font-weight: 600; margin-top: .4rem; }
.about dd { margin: 0; overflow-wrap: anywhere; }
.role > h2 { display: flex; flex-wrap: wrap; gap: .5rem; align-items: baseline; justify-content: space-between; border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
.pts { font-weight: 400; color: var(--muted); font-size: .9rem; white-space: nowrap; }
.check { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; margin: .5rem 0; }
.check > summary { padding: .6rem .8rem; display: flex; flex-wrap: wrap; gap: .25rem .6rem; align-items: baseline; list-style-position: outside; }
.check > summary::-webkit-details-marker { display: none; }
.check > summary::before { content: "▸"; color: var(--muted); width: .8rem; }
.check[open] > summary::before { content: "▾"; }
.check .title { flex: 1 1 16rem; font-weight: 600; overflow-wrap: anywhere; }
.check.failed { border-color: var(--fail); }
.check.errored { border-color: var(--err); }
.status { font-size: .8rem; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; padding: .05rem .45rem; border-radius: .3rem; white-space: nowrap; border: 1px solid currentColor; }
.s-passed { color: var(--pass); background: var(--pass-bg); }
.s-failed { color: var(--fail); background: var(--fail-bg); }
.s-skipped { color: var(--skip); background: var(--skip-bg); }
.s-errored { color: var(--err); background: var(--err-bg); }
.s-warning { color: var(--skip); background: var(--skip-bg); }
.wrong .status { border: 0; background: none; padding: 0; }
.check-body { padding: 0 .8rem .8rem; border-top: 1px solid var(--line); }
.message { font-weight: 600; overflow-wrap: anywhere; }
.compare { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .25rem .75rem; margin: .5rem 0; }
.compare dt { font-weight: 600; color: var(--muted); }
.compare dd { margin: 0; background: var(--bg); border-radius: .3rem; padding: .1rem .4rem; min-width: 0; }
.warning, .notes { color: var(--skip); overflow-wrap: anywhere; }
.check-id { color: var(--muted); font-size: .8rem; margin: .75rem 0 0; overflow-wrap: anywhere; }
.chip { border: 1px solid var(--line); border-radius: 1rem; padding: 0 .45rem; }
.tag { font-size: .72rem; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); border: 1px solid var(--line); border-radius: .25rem; padding: 0 .3rem; white-space: nowrap; background: var(--card); font-family: system-ui, sans-serif; }

/* Said to screen readers and kept in copied text, not drawn. */
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }

/* The sequence diagram */
.diagram-scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--line); border-radius: .5rem; background: #fbfcfd; }
.diagram { display: grid; column-gap: 0; row-gap: .15rem; padding: .5rem .25rem .75rem; position: relative; font-size: .85rem; }
.lane-head { align-self: stretch; display: flex; flex-direction: column; justify-content: center; text-align: center; padding: .3rem .25rem; margin: 0 .25rem .35rem; border-radius: .4rem; border: 1px solid var(--line); background: var(--card); z-index: 1; overflow-wrap: anywhere; }
.lane-head strong { display: block; font-family: var(--mono); }
.lane-head small { color: var(--muted); }
.lane-head.submission { border: 2px solid var(--you); background: var(--you-bg); }
.lifeline { justify-self: center; width: 0; border-left: 2px dashed #b8c0cc; z-index: 0; }
.lifeline.submission { border-left: 3px solid var(--you); }
.time { grid-column: 1; color: var(--muted); font-family: var(--mono); font-size: .75rem; text-align: right; padding: .3rem .4rem 0 0; white-space: nowrap; }
.time.head { font-family: inherit; align-self: center; }
.arrow { position: relative; z-index: 1; margin-inline: calc(50% / var(--span)); padding-top: .1rem; min-width: 0; }
.arrow .label { text-align: center; padding: 0 .35rem; overflow-wrap: anywhere; line-height: 1.3; }
.arrow .line { position: relative; height: 0; border-top: 2px solid var(--ink); margin: .25rem 0 .15rem; }
.arrow .line::after { content: ""; position: absolute; top: -7px; border: 6px solid transparent; }
.arrow.ltr .line::after { right: -2px; border-left: 10px solid var(--ink); border-right: 0; }
.arrow.rtl .line::after { left: -2px; border-right: 10px solid var(--ink); border-left: 0; }
.arrow.summarised .line { border-top-width: 5px; }
.arrow.summarised .line::after { top: -9px; border-width: 8px; }
.arrow.signal.connect .line { border-top-style: dotted; }
.arrow.signal.fin .line { border-top-style: dashed; }
.arrow.signal.reset .line { border-top: 3px double var(--fail); }
.arrow.signal.reset .line::after { content: "✕"; border: 0; top: -.8rem; color: var(--fail); font-weight: 700; }
.arrow.signal.reset.ltr .line::after { right: -.3rem; }
.arrow.signal.reset.rtl .line::after { left: -.3rem; }
.arrow.signal.reset .tag { color: var(--fail); border-color: var(--fail); }
.bytes { background: #eef1f5; border-radius: .25rem; padding: 0 .25rem; overflow-wrap: anywhere; word-break: break-word; }
.bytes.hex .tag { font-size: .62rem; padding: 0 .2rem; }
.size, .more { color: var(--muted); font-size: .75rem; white-space: nowrap; }
.site { text-align: center; font-size: .75rem; color: var(--you); overflow-wrap: anywhere; }
.site .tag { color: var(--you); border-color: var(--you); }
.mark { z-index: 1; justify-self: center; max-width: calc(100% - .5rem); margin: .1rem .25rem; padding: .15rem .4rem; border: 1px solid var(--line); border-radius: .35rem; background: var(--card); font-size: .8rem; overflow-wrap: anywhere; text-align: center; }
.mark .text { color: var(--muted); }
.mark.wide { justify-self: stretch; max-width: none; background: #f3f4f6; border-style: dashed; }
.mark.io { border-style: solid; border-color: #9fb3c8; }
.mark.stderr, .mark.m-error { border-color: var(--fail); }
.mark.m-limit, .mark.m-fault { border: 2px solid var(--err); background: var(--err-bg); }
.mark.m-exit { border-style: double; border-width: 3px; }
.gap { z-index: 1; text-align: center; font-size: .75rem; color: var(--muted); padding: .15rem 0; }
.gap span { background: #fbfcfd; padding: 0 .5rem; border: 1px dashed var(--line); border-radius: 1rem; }
/* On a narrow screen the failure stays in view, whatever the diagram's sideways scroll. */
.diagram > .end { position: sticky; left: .25rem; justify-self: start; width: min(calc(100% - .5rem), calc(100vw - 3rem)); }
.end { z-index: 1; margin: .5rem .25rem 0; padding: .5rem .75rem; border: 3px solid var(--fail); border-radius: .5rem; background: var(--fail-bg); }
.end.errored { border-color: var(--err); background: var(--err-bg); }
.end-title { display: block; color: var(--fail); }
.end.errored .end-title { color: var(--err); }
.end p { margin: .3rem 0 0; overflow-wrap: anywhere; }
.end-hint { background: var(--hint-bg); border-radius: .3rem; padding: .25rem .5rem; }
.steps > .end { margin: .75rem 0 0; }

/* Batch */
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: var(--card); }
th, td { border: 1px solid var(--line); padding: .35rem .6rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; }
.submission-section { border-top: 4px solid var(--line); margin-top: 2rem; padding-top: .5rem; }
.submission-name { font-family: var(--mono); color: var(--muted); margin: 0; overflow-wrap: anywhere; }
footer { color: var(--muted); font-size: .8rem; margin-top: 2rem; text-align: center; }

@media (max-width: 40rem) {
  main { padding: .6rem; }
  body { font-size: 15px; }
  h1 { font-size: 1.25rem; }
  .score-card { flex: 1 1 100%; }
  .check-body { padding: 0 .5rem .6rem; }
  .compare { grid-template-columns: minmax(0, 1fr); }
  .diagram > .end { grid-column: 1 / -1 !important; }
}
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  details::details-content { content-visibility: visible; display: contents; }
  details > summary::before { content: "" !important; }
  .check, .diagram-scroll, .score-card { break-inside: auto; border-color: #000; }
  .check > summary, .lane-head { break-after: avoid; }
  .diagram-scroll { overflow: visible; }
  .arrow, .mark, .end { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

/** Printing opens every check, so a printout shows each transcript (CSS does it too where supported). */
const PRINT_SOURCE = `(function(){var opened=[];addEventListener('beforeprint',function(){document.querySelectorAll('details:not([open])').forEach(function(d){d.open=true;opened.push(d);});});addEventListener('afterprint',function(){opened.forEach(function(d){d.open=false;});opened=[];});})();`;

export const PRINT_SCRIPT = { source: PRINT_SOURCE, sha256: createHash('sha256').update(PRINT_SOURCE).digest('base64') } as const;
