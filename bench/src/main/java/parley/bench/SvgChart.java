package parley.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Renders benchmark results as a self-contained SVG: two panels (p99 latency, CPU per delivery) over the
 * subscriber count N. Both axes are logarithmic: N doubles from one run to the next, so a log2 x axis spaces
 * the runs evenly; and the two servers differ by orders of magnitude (a few ms against seconds), so on a
 * linear y axis the faster server's curve would be flattened onto the x axis and its growth invisible.
 */
public final class SvgChart {
    /** One measured point of one server. */
    public record Point(int subscribers, double p99Millis, double cpuMicrosPerDelivery) {}

    private static final int WIDTH = 900, HEIGHT = 380, PANEL_WIDTH = WIDTH / 2;
    private static final int PLOT_TOP = 58, PLOT_BOTTOM = 296, PLOT_LEFT_INSET = 58, PLOT_RIGHT_INSET = 22;
    private static final int X_PADDING = 18, Y_PADDING = 8, MIN_LABEL_GAP_PX = 16;
    private static final String PARLEY_COLOUR = "#2563eb", BASELINE_COLOUR = "#d97706";
    /** A white outline behind small labels keeps them legible where a data line crosses them. */
    private static final String HALO = " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"";
    private static final String PARLEY_NAME = "Parley", BASELINE_NAME = "Baseline (plain Javalin)";

    private SvgChart() {}

    /** Maps a domain value (already log-transformed) linearly onto a pixel range. */
    private record Scale(double domainFrom, double domainTo, double pixelFrom, double pixelTo) {
        double toPixel(double value) {
            double span = domainTo - domainFrom;
            double fraction = span == 0 ? 0.5 : (value - domainFrom) / span;
            return pixelFrom + fraction * (pixelTo - pixelFrom);
        }
    }

    public static String render(List<Point> parley, List<Point> baseline,
                                double p99TargetMillis, double cpuTargetMicros, String caption) {
        List<Integer> measuredSubscribers = new ArrayList<>(new TreeSet<>(
                Stream.concat(parley.stream(), baseline.stream()).map(Point::subscribers).filter(n -> n > 0).toList()));
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n"
                .formatted(WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        renderLegend(svg);
        renderPanel(svg, 0, "p99 post-to-delivery latency (ms)", "ms", Point::p99Millis, p99TargetMillis,
                parley, baseline, measuredSubscribers);
        renderPanel(svg, PANEL_WIDTH, "server CPU per delivery (\u00b5s)", "\u00b5s", Point::cpuMicrosPerDelivery,
                cpuTargetMicros, parley, baseline, measuredSubscribers);
        text(svg, WIDTH / 2.0, HEIGHT - 12, "middle", 11, "#555555", "", caption);
        return svg.append("</svg>\n").toString();
    }

    private static void renderLegend(StringBuilder svg) {
        double approxCharWidth = 7, entryGap = 36, swatchWidth = 30;
        double parleyWidth = swatchWidth + PARLEY_NAME.length() * approxCharWidth;
        double baselineWidth = swatchWidth + BASELINE_NAME.length() * approxCharWidth;
        double x = (WIDTH - parleyWidth - entryGap - baselineWidth) / 2, y = 18;
        for (String[] entry : new String[][] {{PARLEY_NAME, PARLEY_COLOUR}, {BASELINE_NAME, BASELINE_COLOUR}}) {
            svg.append("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"2.5\"/>\n"
                    .formatted(num(x), num(y), num(x + 22), num(y), entry[1]));
            svg.append("<circle cx=\"%s\" cy=\"%s\" r=\"3.5\" fill=\"%s\"/>\n".formatted(num(x + 11), num(y), entry[1]));
            text(svg, x + swatchWidth, y + 4, "start", 12, "#222222", "", entry[0]);
            x += swatchWidth + entry[0].length() * approxCharWidth + entryGap;
        }
    }

    private static void renderPanel(StringBuilder svg, double panelX, String title, String unit,
                                    ToDoubleFunction<Point> metric, double target,
                                    List<Point> parley, List<Point> baseline, List<Integer> measuredSubscribers) {
        double left = panelX + PLOT_LEFT_INSET, right = panelX + PANEL_WIDTH - PLOT_RIGHT_INSET;
        List<Double> positiveValues = new ArrayList<>(Stream.concat(parley.stream(), baseline.stream())
                .mapToDouble(metric).filter(v -> Double.isFinite(v) && v > 0).boxed().toList());
        if (Double.isFinite(target) && target > 0) positiveValues.add(target);
        List<Double> yTicks = oneTwoFiveTicks(positiveValues);
        double yFloor = yTicks.get(0);
        Scale y = new Scale(Math.log10(yFloor), Math.log10(yTicks.get(yTicks.size() - 1)),
                PLOT_BOTTOM - Y_PADDING, PLOT_TOP + Y_PADDING);
        Scale x = measuredSubscribers.isEmpty() ? new Scale(0, 1, left, right)
                : new Scale(log2(measuredSubscribers.get(0)), log2(measuredSubscribers.get(measuredSubscribers.size() - 1)),
                        left + X_PADDING, right - X_PADDING);

        text(svg, (left + right) / 2, 46, "middle", 13, "#111111", " font-weight=\"bold\"", title);
        // Label every 1-2-5 tick when they are far enough apart, otherwise only the decades (1, 10, 100...).
        double pixelsPerDecade = (PLOT_BOTTOM - PLOT_TOP - 2 * Y_PADDING) / Math.max(1e-9, y.domainTo() - y.domainFrom());
        boolean labelAllTicks = pixelsPerDecade * Math.log10(2) >= MIN_LABEL_GAP_PX;
        for (double tick : yTicks) {
            double tickY = y.toPixel(Math.log10(tick));
            boolean isDecade = Math.abs(Math.log10(tick) - Math.rint(Math.log10(tick))) < 1e-9;
            line(svg, left, tickY, right, tickY, isDecade ? "#d1d5db" : "#eceef1", "");
            if (labelAllTicks || isDecade) text(svg, left - 6, tickY + 4, "end", 11, "#333333", "", compact(tick));
        }
        double lastLabelX = Double.NEGATIVE_INFINITY;
        for (int subscribers : measuredSubscribers) {
            double tickX = x.toPixel(log2(subscribers));
            line(svg, tickX, PLOT_BOTTOM, tickX, PLOT_BOTTOM + 5, "#6b7280", "");
            if (tickX - lastLabelX < 2 * MIN_LABEL_GAP_PX) continue; // N values too close to label both
            text(svg, tickX, PLOT_BOTTOM + 18, "middle", 11, "#333333", "", compact(subscribers));
            lastLabelX = tickX;
        }
        text(svg, (left + right) / 2, PLOT_BOTTOM + 36, "middle", 11, "#555555", "", "subscribers N (log scale)");
        svg.append("<rect x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\" fill=\"none\" stroke=\"#9ca3af\"/>\n"
                .formatted(num(left), PLOT_TOP, num(right - left), PLOT_BOTTOM - PLOT_TOP));

        boolean hasTarget = Double.isFinite(target) && target > 0;
        double targetY = hasTarget ? y.toPixel(Math.log10(target)) : 0;
        if (hasTarget) line(svg, left, targetY, right, targetY, "#dc2626", " stroke-width=\"1.2\" stroke-dasharray=\"6 4\"");
        renderSeries(svg, baseline, metric, BASELINE_COLOUR, x, y, yFloor);
        renderSeries(svg, parley, metric, PARLEY_COLOUR, x, y, yFloor);
        if (hasTarget) { // label drawn last so its halo keeps it readable over the data lines
            double labelY = targetY - PLOT_TOP < 14 ? targetY + 13 : targetY - 5;
            text(svg, right - 4, labelY, "end", 10, "#dc2626", HALO, "target " + compact(target) + " " + unit);
        }
    }

    /** Draws one server's line; points with a non-finite value are skipped, values below the axis are clamped. */
    private static void renderSeries(StringBuilder svg, List<Point> points, ToDoubleFunction<Point> metric,
                                     String colour, Scale x, Scale y, double yFloor) {
        List<double[]> pixels = points.stream()
                .filter(p -> p.subscribers() > 0 && Double.isFinite(metric.applyAsDouble(p)))
                .sorted(Comparator.comparingInt(Point::subscribers))
                .map(p -> new double[] {x.toPixel(log2(p.subscribers())),
                        y.toPixel(Math.log10(Math.max(yFloor, metric.applyAsDouble(p))))})
                .toList();
        if (pixels.size() >= 2) {
            StringBuilder coordinates = new StringBuilder();
            for (double[] pixel : pixels) coordinates.append(num(pixel[0])).append(',').append(num(pixel[1])).append(' ');
            svg.append("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>\n"
                    .formatted(coordinates.toString().trim(), colour));
        }
        for (double[] pixel : pixels) {
            svg.append("<circle cx=\"%s\" cy=\"%s\" r=\"4\" fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n"
                    .formatted(num(pixel[0]), num(pixel[1]), colour));
        }
    }

    /** The 1-2-5 ticks from the largest one <= the smallest value to the smallest one >= the largest value. */
    static List<Double> oneTwoFiveTicks(List<Double> positiveValues) {
        double min = positiveValues.stream().mapToDouble(Double::doubleValue).min().orElse(1);
        double max = positiveValues.stream().mapToDouble(Double::doubleValue).max().orElse(10);
        List<Double> candidates = new ArrayList<>();
        for (int exponent = (int) Math.floor(Math.log10(min)) - 1; exponent <= (int) Math.ceil(Math.log10(max)) + 1; exponent++) {
            for (int mantissa : new int[] {1, 2, 5}) candidates.add(mantissa * Math.pow(10, exponent));
        }
        double tolerance = 1e-9;
        int first = 0, last = candidates.size() - 1;
        while (first + 1 < candidates.size() && candidates.get(first + 1) <= min * (1 + tolerance)) first++;
        while (last - 1 >= 0 && candidates.get(last - 1) >= max * (1 - tolerance)) last--;
        if (last <= first) last = first + 1; // a single distinct value still needs a non-empty axis
        return new ArrayList<>(candidates.subList(first, last + 1));
    }

    /** Compact label: 0.5, 2, 15, 120, 1.2k, 3M (at most three significant digits). */
    static String compact(double value) {
        String suffix = "";
        double scaled = value;
        if (Math.abs(value) >= 1e6) { scaled = value / 1e6; suffix = "M"; }
        else if (Math.abs(value) >= 1e3) { scaled = value / 1e3; suffix = "k"; }
        return new BigDecimal(scaled).round(new MathContext(3)).stripTrailingZeros().toPlainString() + suffix;
    }

    private static double log2(double value) {
        return Math.log(value) / Math.log(2);
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static void line(StringBuilder svg, double x1, double y1, double x2, double y2, String colour, String extra) {
        svg.append("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\"%s/>\n"
                .formatted(num(x1), num(y1), num(x2), num(y2), colour, extra));
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, int size, String colour,
                             String extra, String content) {
        svg.append("<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\"%s>%s</text>\n"
                .formatted(num(x), num(y), anchor, size, colour, extra, escapeXml(content)));
    }

    /** Escapes XML specials and writes non-ASCII as character references, so the file is plain ASCII. */
    static String escapeXml(String text) {
        StringBuilder escaped = new StringBuilder();
        (text == null ? "" : text).codePoints().forEach(c -> {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> {
                    if (c > 126) escaped.append("&#").append(c).append(';');
                    else if (c >= 32 || c == '\t' || c == '\n') escaped.appendCodePoint(c);
                }
            }
        });
        return escaped.toString();
    }
}
