package io.backuphub.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * A sparkline drawn as inline SVG by the page itself (no script): values over a time span, scaled into a
 * {@code width} x {@code height} box between their smallest and largest value, so a change shows even
 * when it is small against the whole (equal values draw a flat line in the middle). {@code points} is
 * the polyline's attribute.
 */
public record Chart(int width, int height, String points, long max, int count) {

    /** One value at one time. */
    public record Point(Instant at, long value) {
    }

    public static Chart of(List<Point> values, Instant from, Instant to, int width, int height) {
        // One point is drawn as a dot: a zero-length line with round caps.
        values = values.size() == 1 ? List.of(values.get(0), values.get(0)) : values;
        long max = values.stream().mapToLong(Point::value).max().orElse(0);
        long min = values.stream().mapToLong(Point::value).min().orElse(0);
        double range = max - min;
        double span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        StringBuilder points = new StringBuilder(values.size() * 12);
        for (Point p : values) {
            double x = (p.at().toEpochMilli() - from.toEpochMilli()) / span * width;
            double y = range == 0 ? height / 2.0 : height - 2 - (p.value() - min) / range * (height - 4);
            points.append(points.isEmpty() ? "" : " ").append(Math.round(x * 10) / 10.0).append(',')
                    .append(Math.round(y * 10) / 10.0);
        }
        return new Chart(width, height, points.toString(), max, (int) values.stream().distinct().count());
    }

    public boolean isEmpty() {
        return count == 0;
    }
}
