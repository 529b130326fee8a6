/**
 * The page's only stylesheet, inlined: dark for a wall screen (readable from across a room at 1920x1080), light on
 * A4 paper. Every state is also a word in a bordered badge, so a black-and-white print or a printer that drops
 * backgrounds loses no meaning; bars are SVG fills, which print.
 */
export const REPORT_CSS = `
:root{--bg:#0d141c;--panel:#16202b;--line:#273545;--text:#e8eef4;--muted:#93a4b8;
--ok:#34c47c;--warn:#f5b83d;--bad:#ff5c5c;--okbg:rgba(52,196,124,.14);--warnbg:rgba(245,184,61,.16);--badbg:rgba(255,92,92,.18)}
*{box-sizing:border-box}
html{font-size:clamp(13px,0.9vw,20px)}
body{margin:0;padding:1.2rem 1.6rem 2rem;background:var(--bg);color:var(--text);
font-family:"DejaVu Sans","Liberation Sans",Arial,Helvetica,sans-serif;line-height:1.35;-webkit-print-color-adjust:exact;print-color-adjust:exact}
code{font-family:"DejaVu Sans Mono","Liberation Mono",monospace;font-size:.9em}
h1,h2,h3{margin:0;font-weight:700}
.top{display:flex;justify-content:space-between;align-items:center;gap:2rem;padding:1rem 1.4rem;border-radius:.6rem;
background:var(--panel);border-left:.7rem solid var(--muted)}
.top.ok{border-left-color:var(--ok)}.top.warn{border-left-color:var(--warn)}.top.bad{border-left-color:var(--bad)}
.title{color:var(--muted);text-transform:uppercase;letter-spacing:.08em;font-size:.85rem}
h1{font-size:2.3rem}
.env{font-size:1rem;font-weight:400;color:var(--warn);border:1px solid var(--warn);border-radius:.3rem;padding:.1rem .5rem;vertical-align:middle}
.taken{color:var(--muted);font-size:1.05rem}
.overall{font-size:2.1rem;font-weight:800;padding:.5rem 1.3rem;border-radius:.5rem;border:3px solid currentColor;white-space:nowrap}
.top.ok .overall{color:var(--ok);background:var(--okbg)}.top.warn .overall{color:var(--warn);background:var(--warnbg)}
.top.bad .overall{color:var(--bad);background:var(--badbg)}
.tiles{display:grid;grid-template-columns:repeat(5,1fr);gap:1rem;margin:1rem 0}
.tile{background:var(--panel);border-radius:.6rem;padding:.8rem 1.1rem;border-top:.35rem solid var(--muted)}
.tile.ok{border-top-color:var(--ok)}.tile.warn{border-top-color:var(--warn)}.tile.bad{border-top-color:var(--bad)}
.tile-label{color:var(--muted);font-size:.95rem}
.tile-value{font-size:2rem;font-weight:800;white-space:nowrap}
.tile.ok .tile-value{color:var(--ok)}.tile.warn .tile-value{color:var(--warn)}.tile.bad .tile-value{color:var(--bad)}
#tile-last-deploy .tile-value{font-size:1.35rem;padding:.35rem 0}
.tile-note{color:var(--muted);font-size:.95rem}
.block{margin:1.2rem 0}
h2{font-size:1.45rem;margin-bottom:.6rem;border-bottom:2px solid var(--line);padding-bottom:.25rem}
h2 .count{color:var(--muted);font-weight:400;font-size:1rem}
.calm .all-well{color:var(--ok);font-size:1.3rem;font-weight:700;margin:0}
.problems td{font-size:1.1rem}
.problems .command{color:var(--muted);white-space:nowrap}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(26rem,1fr));gap:.9rem}
.columns{columns:29rem;column-gap:.9rem}
.columns .card{margin-bottom:.9rem;display:block}
.card{background:var(--panel);border-radius:.5rem;padding:.7rem .9rem;border-left:.35rem solid var(--muted);break-inside:avoid}
.card.ok{border-left-color:var(--ok)}.card.warn{border-left-color:var(--warn)}.card.bad{border-left-color:var(--bad)}
.card h3{font-size:1.15rem;margin-bottom:.35rem;overflow-wrap:anywhere}
.card h3 .code{color:var(--muted);font-weight:400;text-transform:uppercase;font-size:.85em;margin-right:.3rem}
.meta{color:var(--muted);font-size:.95rem;margin-bottom:.4rem}
.roles{margin-left:.6rem}
.facts{display:grid;grid-template-columns:auto 1fr;gap:.1rem .8rem;margin:.2rem 0 .5rem;font-size:.95rem}
.facts dt{color:var(--muted)}.facts dd{margin:0}
.usage{display:grid;grid-template-columns:9rem 1fr 3.6rem;gap:.6rem;align-items:center;margin:.25rem 0;font-size:.95rem}
.usage-label{color:var(--muted);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.usage-value{text-align:right;font-weight:700}
.usage-value.ok{color:var(--ok)}.usage-value.warn{color:var(--warn)}.usage-value.bad{color:var(--bad)}
svg.bar{width:100%;height:.9rem;display:block}
.bar .track{fill:var(--line)}.bar .fill.ok{fill:var(--ok)}.bar .fill.warn{fill:var(--warn)}.bar .fill.bad{fill:var(--bad)}
.error{color:var(--bad);margin:.3rem 0 0;overflow-wrap:anywhere}
table{width:100%;border-collapse:collapse}
th{text-align:left;color:var(--muted);font-weight:600;font-size:.9rem;padding:.35rem .6rem;border-bottom:2px solid var(--line)}
td{padding:.38rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
table.compact td{padding:.22rem .4rem;font-size:.95rem}
table.compact td.state{text-align:right}
.port{color:var(--muted);font-weight:400}
table.rows tr{border-left:.35rem solid transparent}
table.rows tr.ok{border-left-color:var(--ok)}table.rows tr.warn{border-left-color:var(--warn);background:var(--warnbg)}
table.rows tr.bad{border-left-color:var(--bad);background:var(--badbg)}
td.name{font-weight:700;overflow-wrap:break-word}
table.compact td.name{white-space:nowrap}
table.compact{table-layout:auto}
td.num{text-align:right;white-space:nowrap}
.detail{font-weight:400;color:var(--muted);font-size:.85rem}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;border:1.5px solid currentColor;font-size:.85rem;font-weight:700;white-space:nowrap}
.badge.ok{color:var(--ok);background:var(--okbg)}.badge.warn{color:var(--warn);background:var(--warnbg)}
.badge.bad{color:var(--bad);background:var(--badbg)}.badge.muted{color:var(--muted)}
td.when,.when{white-space:nowrap}
.empty{color:var(--muted)}
footer{color:var(--muted);font-size:.85rem;margin-top:2rem}
@media (max-width:1200px){.tiles{grid-template-columns:repeat(2,1fr)}}
@page{size:A4;margin:12mm 10mm}
@media print{
:root{--bg:#fff;--panel:#fff;--line:#c7ced6;--text:#111;--muted:#4a5563;--ok:#17733f;--warn:#9a5b00;--bad:#b3261e;
--okbg:#e3f4ea;--warnbg:#fdf0d5;--badbg:#fbe3e1}
html{font-size:9pt}
body{padding:0}
.top,.tile,.card{border:1px solid var(--line)}
.top{border-left-width:.7rem}.tile{border-top-width:.35rem}.card{border-left-width:.35rem}
.tiles{grid-template-columns:repeat(5,1fr);gap:.5rem}
.tile{padding:.5rem .7rem}.tile-value{font-size:1.6rem}#tile-last-deploy .tile-value{font-size:1rem;white-space:normal}
.cards{grid-template-columns:repeat(2,1fr);gap:.5rem}
.columns{columns:2;column-gap:.5rem}.columns .card{margin-bottom:.5rem}
h2{break-after:avoid}
th,td{padding:.25rem .35rem}td.when,.problems .command{white-space:normal}
table.compact td{padding:.15rem .25rem}table.compact td.name{white-space:normal;overflow-wrap:anywhere}
tr,.card,.tile{break-inside:avoid}
#backups,#deploys{break-before:page}
}
`
