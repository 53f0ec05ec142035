package dev.nl2sql.examples.dashboard;

import java.math.BigDecimal;
import java.util.List;

/**
 * A chart in one or two sentences, for people who cannot see it (the page gives it to screen readers as the chart's
 * label): what is drawn over what, how many points, and each series' smallest and largest value with where they are.
 */
final class ChartDescription {

    private ChartDescription() {
    }

    static String describe(ChartData data) {
        String what = switch (data.kind()) {
            case "line" -> "Line chart";
            case "bar" -> "Bar chart";
            case "scatter" -> "Scatter plot";
            case "pie" -> "Pie chart";
            default -> "Chart";
        };
        List<Object> xs = data.x().values();
        if (xs.isEmpty()) {
            return what + " with no rows.";
        }
        StringBuilder text = new StringBuilder(what).append(" of ");
        for (int i = 0; i < data.y().size(); i++) {
            text.append(i == 0 ? "" : i == data.y().size() - 1 ? " and " : ", ").append(data.y().get(i).name());
        }
        text.append(" by ").append(data.x().name()).append(", ").append(xs.size())
                .append(xs.size() == 1 ? " point." : " points.");
        for (ChartData.Series series : data.y()) {
            int min = -1;
            int max = -1;
            for (int i = 0; i < series.values().size(); i++) {
                BigDecimal v = number(series.values().get(i));
                if (v == null) {
                    continue;
                }
                if (min < 0 || v.compareTo(number(series.values().get(min))) < 0) {
                    min = i;
                }
                if (max < 0 || v.compareTo(number(series.values().get(max))) > 0) {
                    max = i;
                }
            }
            if (min >= 0) {
                text.append(' ').append(series.name()).append(" is lowest, ").append(series.values().get(min))
                        .append(", at ").append(xs.get(min)).append(", and highest, ")
                        .append(series.values().get(max)).append(", at ").append(xs.get(max)).append('.');
            }
        }
        return text.toString();
    }

    private static BigDecimal number(Object value) {
        if (value instanceof Number n) {
            try {
                return new BigDecimal(n.toString());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
