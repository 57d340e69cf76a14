package com.scoville.bench;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;

/** A PNG of the run: accepted and processed orders (and failed requests, if any) per second above, their p99 latencies per second below. */
final class Chart {
    private Chart() { }

    static void write(Path png, Report report) throws IOException {
        XYSeries accepted = new XYSeries("accepted / s");
        XYSeries processed = new XYSeries("processed (RESERVED or REJECTED) / s");
        XYSeries failed = new XYSeries("failed requests / s");
        boolean anyFailed = report.timeline().stream().anyMatch(s -> s.failedPerSecond() > 0);
        XYSeries acceptP99 = new XYSeries("accept p99 (ms)");
        XYSeries finalP99 = new XYSeries("final p99 (ms)");
        for (Progress.Second s : report.timeline()) {
            accepted.add(s.second(), s.acceptedPerSecond());
            processed.add(s.second(), s.processedPerSecond());
            failed.add(s.second(), s.failedPerSecond());
            if (s.acceptP99Ms() != null) {
                acceptP99.add(s.second(), Math.max(0.1, s.acceptP99Ms()));
            }
            if (s.finalP99Ms() != null) {
                finalP99.add(s.second(), Math.max(0.1, s.finalP99Ms()));
            }
        }
        XYSeriesCollection rates = new XYSeriesCollection(accepted);
        rates.addSeries(processed);
        if (anyFailed) {
            rates.addSeries(failed);
        }
        XYPlot throughput = plot(rates, new NumberAxis("orders per second"), new Color(0x1f77b4), new Color(0xd62728));
        throughput.getRenderer().setSeriesPaint(2, new Color(0x7f7f7f));
        XYSeriesCollection latencies = new XYSeriesCollection(acceptP99);
        latencies.addSeries(finalP99);
        LogAxis logAxis = new LogAxis("p99 latency in each second (ms, log scale)");
        logAxis.setSmallestValue(0.1);
        logAxis.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
        logAxis.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
        XYPlot latency = plot(latencies, logAxis, new Color(0x2ca02c), new Color(0xff7f0e));

        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("seconds since the load began"));
        plot.setGap(12);
        plot.add(throughput, 1);
        plot.add(latency, 1);
        JFreeChart chart = new JFreeChart("Scoville bench: " + report.scenario(), new Font("SansSerif", Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(String.format(
                "accepted %.0f/s, processed %.0f/s · accept p50 %s p99 %s · final p50 %s p99 %s · audit %s · %d cores",
                report.acceptedPerSecond(), report.processedPerSecond(), ms(report.acceptP50Ms()), ms(report.acceptP99Ms()),
                ms(report.finalP50Ms()), ms(report.finalP99Ms()), report.audit().ok() ? "OK" : "FAILED", report.machine().cores()),
                new Font("SansSerif", Font.PLAIN, 12)));
        if (png.toAbsolutePath().getParent() != null) {
            Files.createDirectories(png.toAbsolutePath().getParent());
        }
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1100, 750);
    }

    private static XYPlot plot(XYSeriesCollection data, org.jfree.chart.axis.ValueAxis rangeAxis, Color first, Color second) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        renderer.setSeriesPaint(0, first);
        renderer.setSeriesPaint(1, second);
        XYPlot plot = new XYPlot(data, null, rangeAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private static String ms(Double v) {
        return v == null ? "-" : v < 10 ? String.format("%.1f ms", v) : String.format("%.0f ms", v);
    }
}
