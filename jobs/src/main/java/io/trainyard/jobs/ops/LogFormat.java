package io.trainyard.jobs.ops;

import io.trainyard.common.Suggestions;
import io.trainyard.common.TrainyardException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Human-readable logs (the default) or one JSON object per line in the Elastic Common Schema, through
 * log4j2's JSON template layout ({@code trainyard-ecs.json}): what log shippers (Filebeat, Fluent Bit)
 * index without a parser. Picked by {@code --log-format} or {@code TRAINYARD_LOG_FORMAT}; the
 * job's identity (command, job id, model, version, run id) rides on every line as {@code labels}.
 */
public final class LogFormat {
    public static final String ENV = "TRAINYARD_LOG_FORMAT";
    /** The system property our log4j2.xml reads to choose its appender. */
    static final String PROPERTY = "trainyard.log.appender";
    private static final List<String> FORMATS = List.of("text", "json");

    private LogFormat() {
    }

    /** The format asked for: the option, else the environment, else text. Unknown values are a usage error. */
    public static String resolve(String option, Map<String, String> env) {
        String source = option != null ? "--log-format" : ENV;
        String value = option != null ? option : env.getOrDefault(ENV, "text");
        String format = value.trim().toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw TrainyardException.usage(source + " '" + value + "' is not a log format"
                    + Suggestions.didYouMean(format, FORMATS) + "; use one of " + String.join(", ", FORMATS) + ".");
        }
        return format;
    }

    /** Switches the appender when our configuration is the active one (a cluster's own config is left alone). */
    public static void apply(String format) {
        if (format.equals(System.getProperty(PROPERTY, "text"))) {
            return;
        }
        System.setProperty(PROPERTY, format);
        if (LogManager.getContext(false) instanceof LoggerContext context
                && context.getConfiguration().getAppenders().containsKey(format)) {
            context.reconfigure();
        }
    }

    public static boolean json() {
        return "json".equals(System.getProperty(PROPERTY));
    }
}
