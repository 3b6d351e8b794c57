package io.coagent.samples.runner;

import io.coagent.samples.sim.Protocol;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The benchmark's charts (PNG, JFreeChart): speedup and token ratio per workload and protocol with
 * two agents, speedup by agent count, and the timeline of one MTPO run ({@link TimelineChart}).
 */
public final class Charts {
  private Charts() {}

  /** Writes every chart into {@code dir}; returns the files written. */
  public static List<Path> write(Benchmark.Results r, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Path> files = new ArrayList<>();
    files.add(save(bars(r, "Speedup vs serial (two agents)", "speedup", true), dir,
        "speedup.png", 1000, 520));
    files.add(save(bars(r, "Tokens vs serial (two agents)", "token ratio", false), dir,
        "tokens.png", 1000, 520));
    if (r.config().agentCounts().size() > 1) {
      files.add(save(scaling(r), dir, "scaling.png", 900, 520));
    }
    if (!r.timeline().isEmpty()) {
      files.add(save(TimelineChart.create(r.timeline(), r.timelineTitle()), dir,
          "timeline-mtpo.png", 1400, 160 + 70 * TimelineChart.lanes(r.timeline())));
    }
    return files;
  }

  private static JFreeChart bars(Benchmark.Results r, String title, String axis, boolean speed) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Cell c : Report.cells(r, 2)) {
      data.addValue(speed ? c.speedup() : c.tokenRatio(), c.protocol().label(), c.workload());
    }
    JFreeChart chart = ChartFactory.createBarChart(title, "workload", axis, data,
        PlotOrientation.VERTICAL, true, false, false);
    chart.getCategoryPlot().addRangeMarker(new ValueMarker(1.0));
    if (speed) {
      chart.getCategoryPlot().addRangeMarker(new ValueMarker(Report.TARGET_SPEEDUP,
          java.awt.Color.RED, new java.awt.BasicStroke(1f)));
    }
    return chart;
  }

  private static JFreeChart scaling(Benchmark.Results r) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Protocol p : r.config().protocols()) {
      XYSeries s = new XYSeries(p.label());
      for (int n : r.config().agentCounts()) {
        s.add(n, Report.average(r, p, n)[0]);
      }
      data.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(
        "Speedup vs serial by number of agents (mean over workloads)", "agents", "speedup", data,
        PlotOrientation.VERTICAL, true, false, false);
    var renderer = new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(true, true);
    chart.getXYPlot().setRenderer(renderer);
    return chart;
  }

  private static Path save(JFreeChart chart, Path dir, String name, int w, int h)
      throws IOException {
    Path file = dir.resolve(name);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, w, h);
    return file;
  }
}
