package io.coagent.samples.runner;

import io.coagent.samples.sim.Timeline;
import java.awt.Color;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * One run's timeline: a lane per agent; bars for inferences (first tries, re-judges that redo
 * nothing, redos: the first redo of a repair carries its re-judge) and commit waits; marks for writes, notifications, undos and commits.
 * Time is in milliseconds of the scaled run.
 */
final class TimelineChart {
  private static final Timeline.Kind[] BARS = {Timeline.Kind.INFER, Timeline.Kind.REJUDGE,
      Timeline.Kind.REDO, Timeline.Kind.COMMIT_WAIT};
  private static final Color[] BAR_COLORS = {new Color(120, 160, 220), new Color(240, 170, 40),
      new Color(220, 60, 60), new Color(190, 190, 190)};
  private static final Timeline.Kind[] MARKS = {Timeline.Kind.WRITE, Timeline.Kind.NOTIFIED,
      Timeline.Kind.UNDO, Timeline.Kind.COMMIT};
  private static final double[] MARK_OFFSETS = {-0.3, 0.3, 0.3, 0.0};

  private TimelineChart() {}

  static int lanes(List<Timeline.Event> events) {
    return agents(events).size();
  }

  private static Map<Integer, String> agents(List<Timeline.Event> events) {
    Map<Integer, String> m = new TreeMap<>();
    for (Timeline.Event e : events) {
      m.put(e.lane(), e.agent());
    }
    return m;
  }

  static JFreeChart create(List<Timeline.Event> events, String title) {
    XYIntervalSeriesCollection bars = new XYIntervalSeriesCollection();
    for (Timeline.Kind k : BARS) {
      XYIntervalSeries s = new XYIntervalSeries(label(k));
      for (Timeline.Event e : events) {
        if (e.kind() == k) {
          double a = e.startNanos() / 1e6;
          double b = Math.max(a + 0.5, e.endNanos() / 1e6);
          s.add(a, a, b, e.lane(), e.lane() - 0.25, e.lane() + 0.25);
        }
      }
      bars.addSeries(s);
    }
    XYSeriesCollection marks = new XYSeriesCollection();
    for (int i = 0; i < MARKS.length; i++) {
      XYSeries s = new XYSeries(label(MARKS[i]), false, true);
      for (Timeline.Event e : events) {
        if (e.kind() == MARKS[i]) {
          s.add(e.startNanos() / 1e6, e.lane() + MARK_OFFSETS[i]);
        }
      }
      marks.addSeries(s);
    }
    XYBarRenderer barRenderer = new XYBarRenderer();
    barRenderer.setUseYInterval(true);
    barRenderer.setShadowVisible(false);
    barRenderer.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
    for (int i = 0; i < BAR_COLORS.length; i++) {
      barRenderer.setSeriesPaint(i, BAR_COLORS[i]);
    }
    XYLineAndShapeRenderer markRenderer = new XYLineAndShapeRenderer(false, true);
    Color[] markColors = {Color.BLACK, new Color(200, 0, 160), Color.RED, new Color(0, 140, 0)};
    for (int i = 0; i < markColors.length; i++) {
      markRenderer.setSeriesPaint(i, markColors[i]);
    }
    SymbolAxis lanes = new SymbolAxis("agent (rank order)",
        agents(events).values().toArray(new String[0]));
    XYPlot plot = new XYPlot(bars, new NumberAxis("time (ms of the scaled run)"), lanes,
        barRenderer);
    plot.setDataset(1, marks);
    plot.setRenderer(1, markRenderer);
    plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
    return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
  }

  private static String label(Timeline.Kind k) {
    return switch (k) {
      case INFER -> "inference";
      case REJUDGE -> "re-judge, nothing executed to redo";
      case REDO -> "redo inference (the first of a repair also re-judges)";
      case COMMIT_WAIT -> "commit wait";
      case WRITE -> "write";
      case NOTIFIED -> "notification consumed";
      case UNDO -> "undo (repair)";
      case COMMIT -> "commit";
      default -> k.name();
    };
  }
}
