package io.trainyard.features.spec;

import java.util.List;
import java.util.Set;

/**
 * Features of a daily time series, computed from the series itself without look-ahead: a row at
 * day t only ever reads the target at days t - horizon or earlier.
 *
 * @param horizon how many days ahead the forecast is made (1 by default); every lag and window
 *     ends at least this far back
 * @param lags target values this many days back; each must be at least {@code horizon}
 * @param rollingMeans window lengths in days: mean of the target over the window ending
 *     {@code horizon} days back
 * @param calendar calendar fields of the time column: {@code day-of-week}, {@code month},
 *     {@code day-of-year}, {@code week-of-year}, {@code year}
 * @param season the season length in days of the seasonal-naive baseline (7 by default): the
 *     baseline forecasts the target of the latest day that is a whole number of seasons back and at
 *     least {@code horizon} days back
 */
public record TimeFeatures(Integer horizon, List<Integer> lags, List<Integer> rollingMeans, List<String> calendar,
                           Integer season) {
    public static final Set<String> CALENDAR_FIELDS = Set.of("day-of-week", "month", "day-of-year", "week-of-year",
            "year");

    public TimeFeatures {
        horizon = horizon == null ? 1 : horizon;
        season = season == null ? 7 : season;
        lags = lags == null ? List.of() : List.copyOf(lags);
        rollingMeans = rollingMeans == null ? List.of() : List.copyOf(rollingMeans);
        calendar = calendar == null ? List.of() : List.copyOf(calendar);
        if (horizon < 1 || season < 1) {
            throw new IllegalArgumentException("horizon and season must be at least 1 day, found " + horizon + " and "
                    + season);
        }
        for (Integer lag : lags) {
            if (lag < horizon) {
                throw new IllegalArgumentException("lag " + lag + " is shorter than the horizon " + horizon
                        + ": it would read the future; use lags of at least " + horizon);
            }
        }
        for (Integer window : rollingMeans) {
            if (window < 2) {
                throw new IllegalArgumentException("rolling-means windows must be at least 2 days, found " + window);
            }
        }
        for (String field : calendar) {
            if (!CALENDAR_FIELDS.contains(field)) {
                throw new IllegalArgumentException("calendar field '" + field + "' is unknown; use one of "
                        + String.join(", ", CALENDAR_FIELDS.stream().sorted().toList()));
            }
        }
    }

    /** Days of history the longest feature (or the baseline) needs before a row is complete. */
    public int lookback() {
        int longest = baselineLag();
        for (Integer lag : lags) {
            longest = Math.max(longest, lag);
        }
        for (Integer window : rollingMeans) {
            longest = Math.max(longest, horizon + window - 1);
        }
        return longest;
    }

    /** The seasonal-naive lag: the smallest whole number of seasons that is at least the horizon. */
    public int baselineLag() {
        return (horizon + season - 1) / season * season;
    }
}
