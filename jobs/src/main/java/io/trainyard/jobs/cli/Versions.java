package io.trainyard.jobs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version written into {@code trainyard.properties} by the build. */
public final class Versions implements IVersionProvider {
    public static String trainyard() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/trainyard.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "trainyard " + trainyard(),
            "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ", Scala "
                    + scala.util.Properties.versionNumberString() + ", Java " + System.getProperty("java.version")
        };
    }
}
