/** The report's inline style sheet: print-friendly A4, no web fonts, no network. */
export const reportStyle = `
:root { color-scheme: light; }
body { font: 14px/1.45 "Helvetica Neue", Arial, sans-serif; color: #1d2630; max-width: 860px; margin: 0 auto; padding: 28px 32px 64px; }
header.title { border-bottom: 3px solid #1f5fa8; padding-bottom: 10px; margin-bottom: 18px; }
header.title h1 { font-size: 22px; margin: 0 0 4px; }
header.title p { margin: 2px 0; color: #4a5562; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d5dbe1; padding-bottom: 3px; }
h3 { font-size: 14.5px; margin: 18px 0 6px; }
table { border-collapse: collapse; margin: 6px 0 12px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; text-align: right; border-bottom: 1px solid #e3e7eb; }
th { border-bottom: 1.5px solid #1d2630; font-weight: 600; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
caption { text-align: left; font-weight: 600; padding-bottom: 2px; }
.facts td { text-align: left; }
.facts td:first-child { color: #4a5562; width: 190px; }
.warning { border-left: 4px solid #d08c00; background: #fff6e0; padding: 6px 10px; margin: 8px 0; }
.not-computed { color: #6b7580; font-style: italic; }
.summary td.effect { font-weight: 600; }
figure { margin: 8px 0 14px; }
figure.km svg { display: block; }
.pairs { display: flex; flex-wrap: wrap; gap: 4px 10px; }
.trajectories { display: grid; grid-template-columns: 1fr; }
code { font-size: 12px; word-break: break-all; }
footer { margin-top: 32px; color: #6b7580; font-size: 12px; }
@media print { body { padding: 0; } h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
`;
