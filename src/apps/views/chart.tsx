import { BarChart, LineChart, PieChart } from "chartist";
import { useEffect, useRef } from "preact/hooks";
import { contentOf, mount, textOf, type ViewProps } from "./app.tsx";
import { type ChartData, chartOf } from "./chart-data.ts";
import { hintsOf } from "./hints.ts";

/** The chart itself (Chartist, SVG): bars, lines or a pie, redrawn when the data or the width changes. */
function Drawing({ data }: { data: ChartData }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const drawn = data.series.filter((s) => s.charted);
    const labels = data.labels;
    const el = ref.current;
    const integers = drawn.every((s) => s.values.every(Number.isInteger));
    const series = drawn.map((s) => s.values);
    if (data.kind === "pie") {
      const options = { donut: true, donutWidth: 36, showLabel: false, height: 180 };
      new PieChart(el, { labels, series: drawn[0]?.values ?? [] }, options);
    } else if (data.kind === "line") {
      new LineChart(el, { labels, series }, { axisY: { onlyInteger: integers }, height: 220, fullWidth: true });
    } else {
      // A narrow chat column has no room for many labels side by side: bars lie down, one row per group.
      const widest = Math.max(...labels.map((l) => l.length));
      const offset = Math.min(140, 12 + widest * 7);
      const height = 30 + labels.length * (14 + 8 * drawn.length);
      new BarChart(
        el,
        { labels, series },
        { horizontalBars: true, reverseData: true, height, axisX: { onlyInteger: integers }, axisY: { offset } },
      );
    }
  }, [data]);
  return <div class={`chart ct-${data.kind}-host`} data-kind={data.kind} ref={ref} />;
}

/** The numbers beside the chart: one row per group, one column per measure, each group's colour as in the chart. */
function Numbers({ data, locale }: { data: ChartData; locale: string | undefined }) {
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  return (
    <div class="scroll">
      <table class="numbers">
        <thead>
          <tr>
            <th>{data.axis}</th>
            {data.series.map((s) => (
              <th key={s.key} class="num">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.labels.map((label, i) => (
            <tr key={label}>
              <td>
                {data.kind === "pie" ? <span class={`swatch s-${String.fromCharCode(97 + (i % 15))}`} /> : null}
                {label}
              </td>
              {data.series.map((s) => (
                <td key={s.key} class="num" data-value={s.values[i]}>
                  {n.format(s.values[i] ?? 0)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A method's answer with nothing to chart: one line saying what came back, the JSON folded under it. */
function Answer({ call, answer }: { call: Record<string, unknown>; answer: unknown }) {
  const what = Array.isArray(answer)
    ? `${answer.length} item${answer.length === 1 ? "" : "s"}`
    : answer === null || typeof answer !== "object"
      ? JSON.stringify(answer)
      : `${Object.keys(answer).length} key${Object.keys(answer).length === 1 ? "" : "s"}`;
  const name = typeof call["model"] === "string" ? `${call["model"]}.${String(call["method"] ?? "")}` : "Answer";
  return (
    <details class="answer">
      <summary>
        <strong class="title">{name}</strong> <span class="muted">→ {what}</span>
      </summary>
      <pre class="raw">{JSON.stringify(answer, null, 2)}</pre>
    </details>
  );
}

/** The chart view: grouped numbers (odoo_aggregate, read_group through odoo_call_method) as a chart and a table. */
function Chart({ result, input, host }: ViewProps) {
  if (!result) return <p class="muted">Loading…</p>;
  if (result.isError) return <p class="error">{textOf(result)}</p>;
  const hints = hintsOf(result);
  const content = contentOf(result);
  const data = chartOf("result" in content ? content["result"] : content, hints);
  if (!data) return <Answer call={input} answer={content["result"] ?? content} />;
  const drawn = data.series.filter((s) => s.charted);
  return (
    <div class="view">
      <header>
        <strong class="title">{hints?.model}</strong>
        <span class="muted">
          {drawn.map((s) => s.name).join(", ")} by {data.axis}
        </span>
      </header>
      <Drawing data={data} />
      {data.kind !== "pie" && drawn.length > 1 ? (
        <div class="legend">
          {drawn.map((s, i) => (
            <span key={s.key}>
              <span class={`swatch s-${String.fromCharCode(97 + i)}`} />
              {s.name}
            </span>
          ))}
        </div>
      ) : null}
      <Numbers data={data} locale={host.locale} />
    </div>
  );
}

mount("chart", Chart);
