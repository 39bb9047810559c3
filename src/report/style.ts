/** The report's one stylesheet: every colour a CSS variable (light and dark), print rules for A4 and Letter. */
export const STYLE = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#17202b;--muted:#515c6b;--line:#d8dde4;--soft:#f3f5f8;--card:#ffffff;
--accent:#1d5cc0;--accent-soft:#dfe9fa;--bar:#7d9cc9;--good:#17703b;--bad:#b3261e;--ask:#8a4b00;--grid:#e6e9ee;
--node:#ffffff;--node-line:#98a3b3;--edge:#8a95a5;--back:#9a6b2f;--won:#e3f3e8;--won-line:#17703b}
@media screen and (prefers-color-scheme:dark){:root{--bg:#12161c;--fg:#e7ebf0;--muted:#a9b3c1;--line:#333c48;--soft:#1a2029;--card:#171c24;
--accent:#7fb0ff;--accent-soft:#1d2c45;--bar:#5f7fae;--good:#6fd28f;--bad:#ff8a80;--ask:#f0b35a;--grid:#28303b;
--node:#1b212b;--node-line:#5d6878;--edge:#7d8898;--back:#d3a35e;--won:#173323;--won-line:#6fd28f}}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--fg)}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-variant-numeric:tabular-nums}
main{max-width:1120px;margin:0 auto;padding:32px 28px 48px}
header.report{border-bottom:3px solid var(--accent);padding-bottom:14px;margin-bottom:8px}
header.report p{margin:2px 0;color:var(--muted)}
h1{font-size:28px;line-height:1.2;margin:0 0 6px;letter-spacing:-.01em}
h2{font-size:23px;line-height:1.25;margin:0 0 4px}
h3{font-size:17px;margin:30px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
a{color:var(--accent)}
.eyebrow{text-transform:uppercase;letter-spacing:.08em;font-size:12px;font-weight:600;color:var(--accent);margin:0}
.meta{color:var(--muted);font-size:13px;margin:0 0 10px;overflow-wrap:anywhere}
.meta code,.mono{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.92em}
.lead{max-width:75ch;margin:6px 0 0}
.scenario{margin:6px 0 10px;padding:6px 10px;border-left:3px solid var(--ask);background:var(--soft);overflow-wrap:anywhere}
section.process{margin-top:36px;padding-top:8px}
section.process>header{overflow-wrap:anywhere}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:12px;margin:18px 0 6px;padding:0}
.kpi{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:0}
.kpi dt{font-size:12.5px;color:var(--muted);font-weight:600}
.kpi dd{margin:2px 0 0}
.kpi .value{display:block;font-size:26px;font-weight:700;line-height:1.2;color:var(--fg)}
.kpi .sub{display:block;font-size:12.5px;color:var(--muted)}
figure{margin:10px 0 0;padding:0;break-inside:avoid}
figcaption{font-size:13px;color:var(--muted);margin-top:6px;max-width:90ch}
.scroll{overflow-x:auto}
svg{display:block;max-width:100%;height:auto}
svg.diagram{width:100%;min-width:640px}
svg.chart{width:100%;max-width:720px}
svg text{fill:var(--fg);font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;list-style:none;padding:0;margin:8px 0 0;font-size:13px;color:var(--muted)}
.legend li::before{content:"";display:inline-block;width:18px;height:0;margin-right:6px;vertical-align:middle;border-top:2px solid var(--edge)}
.legend .l-path::before{border-top:3px solid var(--accent)}
.legend .l-back::before{border-top:2px dashed var(--back)}
.legend .l-ask::before{width:6px;height:12px;border:0;background:var(--ask)}
.legend .l-lost::before{content:"✕";width:auto;height:auto;border:0;color:var(--bad);margin-right:4px}
.node .box{fill:var(--node);stroke:var(--node-line);stroke-width:1.2}
.node.on-path .box{stroke:var(--accent);stroke-width:2.6;fill:var(--accent-soft)}
.node.outcome .box{fill:var(--won);stroke:var(--won-line);stroke-width:2}
.ask-band{fill:var(--ask)}
.n-title{font-size:12.5px;font-weight:700}
.n-meta{font-size:11px;fill:var(--muted)}
.n-ask{font-size:11px;font-weight:600;fill:var(--ask)}
.n-lost{font-size:11px;fill:var(--bad)}
.edge{fill:none;stroke:var(--edge);stroke-width:1.4}
.edge.on-path{stroke:var(--accent);stroke-width:2.8}
.edge.back{stroke:var(--back);stroke-dasharray:5 4}
.arrow{fill:var(--edge)}.arrow.on-path{fill:var(--accent)}.arrow.back{fill:var(--back)}
.edge-label{font-size:10.5px;fill:var(--muted);paint-order:stroke;stroke:var(--bg);stroke-width:4px;stroke-linejoin:round}
.edge-label.on-path{fill:var(--accent);font-weight:600}
.chart .bar,.share-bar .fill{fill:var(--bar)}
.chart .bar.on-path{fill:var(--accent)}
.share-bar .track{fill:var(--grid)}
.chart .grid{stroke:var(--grid)}
.chart .axis{stroke:var(--muted)}
.chart .tick,.chart .axis-label{font-size:11px;fill:var(--muted)}
.chart .marker{stroke:var(--bad);stroke-width:1.5;stroke-dasharray:4 3}
.chart .marker-label{font-size:11.5px;font-weight:600;fill:var(--bad)}
.funnel-label{font-size:12px}.funnel-value{font-size:12px;font-weight:600}
.two{display:grid;grid-template-columns:minmax(0,1.25fr) minmax(0,1fr);gap:24px;align-items:start}
@media (max-width:900px){.two{grid-template-columns:1fr}}
table{border-collapse:collapse;width:100%;font-size:13.5px;margin:8px 0 0;break-inside:avoid}
caption{text-align:left;font-size:13px;color:var(--muted);padding-bottom:4px;caption-side:top}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;overflow-wrap:anywhere}
thead th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);border-bottom:2px solid var(--line)}
td.num,th.num{text-align:right;white-space:nowrap}
tr.on-path td:first-child{box-shadow:inset 3px 0 0 var(--accent)}
tr.total td{font-weight:600}
.share-bar{width:90px;height:9px;display:inline-block;vertical-align:middle}
.sev{font-weight:600}.sev-error{color:var(--bad)}.sev-warning{color:var(--ask)}
.ok{color:var(--good);font-weight:600}
.note{font-size:13px;color:var(--muted)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.overview td:first-child{font-weight:600}
footer.report{margin-top:44px;padding-top:12px;border-top:1px solid var(--line);font-size:12.5px;color:var(--muted)}
footer.report p{margin:3px 0;overflow-wrap:anywhere}
@page{margin:14mm 12mm}
@media print{:root{color-scheme:light;--bg:#fff;--fg:#000;--muted:#404852;--soft:#f4f6f8}
body{font-size:11pt}main{max-width:none;padding:0}
section.process{break-before:page;margin-top:0}
section.process:first-of-type{break-before:auto}
.scroll{overflow:visible}svg.diagram{min-width:0}
h3{break-after:avoid}
figure,table,.kpis,svg{break-inside:avoid}
a{color:inherit;text-decoration:none}}
`.replace(/\n/g, '');
export const CALIBRATION_STYLE = `.chart .ci{stroke:var(--bar);stroke-width:6;stroke-linecap:round}.chart .observed{fill:var(--fg)}.chart .predicted{fill:var(--bg);stroke:var(--accent);stroke-width:2}.chart .predicted.off{fill:var(--bad);stroke:var(--bad)}.verdict-ok{color:var(--good);font-weight:600}.verdict-differs,.verdict-off-process{color:var(--bad);font-weight:600}.verdict-too-few{color:var(--muted)}.legend .l-ci::before{border-top:6px solid var(--bar)}.legend .l-obs::before{content:"●";width:auto;height:auto;border:0;color:var(--fg)}.legend .l-pred::before{content:"◇";width:auto;height:auto;border:0;color:var(--accent)}`;
/** The open-pipeline sections: audit counts and deals, forecast bands. Colours from the themed variables only. */
export const PIPELINE_STYLE = `h4{font-size:15px;margin:22px 0 2px}.forecast-line{margin:2px 0 0}.kpi.alert{border-color:var(--bad);box-shadow:inset 4px 0 0 var(--bad)}.kpi.alert .value{color:var(--bad)}.finding{display:inline-block;font:600 11.5px/1.6 ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;padding:0 6px;margin:1px 0;border-radius:4px;background:var(--soft);border:1px solid var(--line);color:var(--fg);white-space:nowrap}tr.zero td{color:var(--muted)}tr.zero .finding{font-weight:400;color:var(--muted)}.audit-findings td:first-child{width:1%;white-space:nowrap}.worst-deals td.mono{white-space:nowrap}.chart.bands .bar{fill:var(--bar)}.chart.bands .faint .bar{fill:var(--grid);stroke:var(--bar);stroke-dasharray:3 2}.chart .whisker{stroke:var(--fg);stroke-width:1.5;fill:none}.chart .median{fill:var(--accent);stroke:var(--bg);stroke-width:1}.chart .bar-value{font-size:11px;font-weight:600;fill:var(--fg)}.legend .l-exp::before{width:12px;height:12px;border:0;background:var(--bar)}.legend .l-band::before{width:0;height:14px;border:0;border-left:1.5px solid var(--fg)}.legend .l-p50::before{content:"●";width:auto;height:auto;border:0;color:var(--accent)}@media print{h4{break-after:avoid}}`;
