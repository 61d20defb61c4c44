import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
// Bundled into the app's one stylesheet: no inline <style>, so the page's CSP stays strict.
import 'uplot/dist/uPlot.min.css';

/**
 * A uPlot chart (canvas: tens of thousands of points redraw in a few ms) that follows its
 * container's width. The chart is rebuilt when its options change (palette, series), and only
 * given new data otherwise.
 */
export function UPlotChart({ options, data }: { options: (width: number) => uPlot.Options; data: uPlot.AlignedData }) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const element = host.current!;
    const made = new uPlot(options(Math.max(element.clientWidth, 200)), latest.current, element);
    chart.current = made;
    const resize = new ResizeObserver(() => made.setSize({ width: Math.max(element.clientWidth, 200), height: made.height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      made.destroy();
      chart.current = null;
    };
  }, [options]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div className="uplot-host" ref={host} />;
}
